// Child process of wal-sync.test.ts: stores messages one at a time and, after each insert resolved, writes
// `stored <n>` to stdout with a direct write(2), so strace sees the answer in order with the file syscalls.
import { writeSync } from 'node:fs';
import { openStore } from '../../../../store/index.ts';
import { testSecrets } from '../../../support/db.ts';
import { newMessage } from '../new-message.ts';

const [file, countText] = process.argv.slice(2);
const store = await openStore({ sqliteFile: file!, secrets: testSecrets() });
const count = Number(countText);
for (let n = 1; n <= count; n++) {
  // Several at once, so that commits meet a sync already running (the shared next sync).
  await Promise.all([0, 1, 2].map(() => store.insertMessage(newMessage())));
  writeSync(1, `stored ${n}\n`);
}
await store.close();
