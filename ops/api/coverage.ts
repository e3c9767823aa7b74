// Which documented operations no integration test called (issue 13, Done-when 1: "the response-validation test
// covers every route the integration tests call"). Every integration test file appends the operations its
// gateways answered to HITS_FILE (tests/support/openapi-check.ts); after a run this lists the operations of
// docs/openapi.json that none of them hit, and the documented statuses never seen with --statuses.
//   npx tsx ops/api/coverage.ts [--statuses] [--strict]     (.ci/run empties the file before `npm test`)
// --strict exits 1 when an operation was not called. The file lives in the temporary directory: set TMPDIR to
// keep a run of your own apart from other people's on a shared machine.
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HITS_FILE = path.join(os.tmpdir(), 'ketenpoort-openapi-hits.txt');
const OPENAPI_FILE = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'openapi.json');

type Doc = { paths: Record<string, Record<string, { responses?: Record<string, unknown> }>> };

export interface Coverage {
  operations: number;
  /** `METHOD /path` of each documented operation no test called. */
  uncalled: string[];
  /** `METHOD /path status` of each documented answer no test saw. */
  unseen: string[];
}

/** Documented operations and answers against the hits (`METHOD /path status`, one a line). */
export function coverage(doc: Doc, hitLines: readonly string[]): Coverage {
  const hits = new Set(hitLines.map((l) => l.trim()).filter((l) => l !== ''));
  const called = new Set([...hits].map((h) => h.split(' ').slice(0, 2).join(' ')));
  const uncalled: string[] = [];
  const unseen: string[] = [];
  let operations = 0;
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      operations++;
      const name = `${method.toUpperCase()} ${p}`;
      if (!called.has(name)) uncalled.push(name);
      for (const status of Object.keys(op.responses ?? {})) if (!hits.has(`${name} ${status}`)) unseen.push(`${name} ${status}`);
    }
  }
  return { operations, uncalled, unseen };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = new Set(process.argv.slice(2));
  if (!existsSync(HITS_FILE)) {
    console.error(`no ${HITS_FILE}: run the integration tests first (they write it)`);
    process.exit(args.has('--strict') ? 1 : 0);
  }
  const doc = JSON.parse(readFileSync(OPENAPI_FILE, 'utf8')) as Doc;
  const c = coverage(doc, readFileSync(HITS_FILE, 'utf8').split('\n'));
  console.log(`openapi coverage: ${c.operations - c.uncalled.length} of ${c.operations} documented operations were called by an integration test (${HITS_FILE})`);
  if (c.uncalled.length > 0) console.log(`not called by any integration test:\n${c.uncalled.map((u) => `  ${u}`).join('\n')}`);
  if (args.has('--statuses') && c.unseen.length > 0) console.log(`documented answers no integration test saw:\n${c.unseen.map((u) => `  ${u}`).join('\n')}`);
  if (args.has('--strict') && c.uncalled.length > 0) process.exit(1);
}
