// Setup file of the integration projects (vitest.config.ts): after each test file, every answer its gateways
// gave must have matched docs/openapi.json (tests/support/openapi-check.ts).
import { afterAll, expect } from 'vitest';
import { mismatches, writeHits } from './openapi-check.ts';

afterAll(() => {
  writeHits();
  expect(mismatches.map((m) => `${m.route} ${m.status}: ${m.problem}`), 'answers that do not match docs/openapi.json').toEqual([]);
});
