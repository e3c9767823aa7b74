import { readFileSync } from 'node:fs';
import { corpusPersonalData, personalDataIn, suwiPersonalData } from './support/corpus.ts';

// `tsx tests/scan-output.ts FILE`: fails when any line of FILE (the whole output of a test run)
// contains a BSN or a name from the corpus. .ci/run runs it over `npm test`'s output.
const file = process.argv[2];
if (!file) throw new Error('usage: tsx tests/scan-output.ts FILE');
const lines = readFileSync(file, 'utf8').split('\n');
const hits = personalDataIn(lines);
process.stdout.write(`scanned ${lines.length} lines of test output for ${corpusPersonalData().length + suwiPersonalData().length} corpus BSNs and names: ${hits.length} found\n`);
if (hits.length > 0) {
  process.stdout.write(`lines with personal data (first 5, values masked):\n${hits.slice(0, 5).map((l) => `  ${l.replace(/\d{9}/g, '*********').slice(0, 160)}`).join('\n')}\n`);
  process.exit(1);
}
