// The second half of `npm run build`: tsc emits the JavaScript, this copies what the code reads at run time
// from beside itself (XSD sets, JSON schemas, the cockpit's static files, …) into the same place under dist/,
// so `node dist/main.js` finds them where `tsx main.ts` does. The folders are tsconfig.build.json's.
import { cpSync, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const OUT = path.join(ROOT, 'dist');
const SKIP = new Set(['node_modules', 'out', 'data', 'dist']);

const buildConfig = JSON.parse(stripComments(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8'))) as { include: string[] };
const folders = [...new Set(buildConfig.include.filter((p) => p.includes('/')).map((p) => p.split('/')[0]!))];

let copied = 0;
for (const folder of folders) {
  const from = path.join(ROOT, folder);
  if (!existsSync(from)) continue;
  cpSync(from, path.join(OUT, folder), {
    recursive: true,
    filter: (src) => {
      const name = path.basename(src);
      if (statSync(src).isDirectory()) return !SKIP.has(name);
      if (name.endsWith('.ts')) return false;
      copied++;
      return true;
    },
  });
}
console.log(`copied ${copied} run-time files into dist/ from ${folders.join(', ')}`);

function stripComments(text: string): string {
  return text.replace(/^\s*\/\/.*$/gm, '');
}
