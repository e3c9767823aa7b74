import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

// Development only: when the key variables are not set, `npm start` makes random keys once and
// keeps them in data/dev-secrets.env (outside git), so a restarted dev gateway can still read what
// it stored. Production must set KP_PAYLOAD_KEYS, KP_PAYLOAD_KEY_ID and KP_BSN_HMAC_KEY itself.
export function withDevSecrets(env: NodeJS.ProcessEnv, dataDir: string): NodeJS.ProcessEnv {
  if (env.KP_PAYLOAD_KEYS || env.KP_PAYLOAD_KEYS_FILE) return env;
  const file = path.join(dataDir, 'dev-secrets.env');
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true });
    const lines = [
      `KP_PAYLOAD_KEYS=dev1:${randomBytes(32).toString('base64')}`,
      'KP_PAYLOAD_KEY_ID=dev1',
      `KP_BSN_HMAC_KEY=${randomBytes(32).toString('base64')}`,
    ];
    writeFileSync(file, lines.join('\n') + '\n', { mode: 0o600 });
  }
  const values = Object.fromEntries(
    readFileSync(file, 'utf8').split('\n').filter((l) => l.includes('=')).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );
  return { ...env, ...values };
}
