import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createIpgbAdapter, type IpgbAdapter, type IpgbMessage } from '../../../adapters/ipgb/index.ts';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const BUNDLED = path.join(REPO, 'schemas', 'ipgb-2.1');
export const FIXTURES = path.join(REPO, 'tests', 'fixtures', 'ipgb');

export const FIXTURE_FILES = ['WMO501', 'JW501', 'WMO502', 'WMO502-goedgekeurd', 'JW502', 'WMO507', 'JW507', 'WMO508', 'JW508'] as const;
export type FixtureName = (typeof FIXTURE_FILES)[number];

export function fixture(name: FixtureName): string {
  return readFileSync(path.join(FIXTURES, `${name}.xml`), 'utf8');
}

let shared: IpgbAdapter | undefined;

/** One adapter on the bundled set for the whole test file (compiling the XSDs is the slow part). */
export function adapter(): IpgbAdapter {
  shared ??= createIpgbAdapter(BUNDLED);
  return shared;
}

export function disposeAdapter(): void {
  shared?.dispose();
  shared = undefined;
}

/** The model of an XML text, through the adapter (XSD validation included). */
export function model(xml: string): IpgbMessage {
  return adapter().process(Buffer.from(xml, 'utf8')).ipgb;
}

/**
 * Replaces `from` by `to` exactly once in `xml`; fails when `from` occurs zero or several times, so a mutation
 * never silently misses its target.
 */
export function mutate(xml: string, from: string, to: string): string {
  const at = xml.indexOf(from);
  if (at < 0) throw new Error(`mutation target not found: ${from}`);
  if (xml.indexOf(from, at + 1) >= 0) throw new Error(`mutation target occurs more than once: ${from}`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

/** One edit: replace the first `from` after the unique `anchor` (or the unique `from` when anchor is ''). */
export type Edit = readonly [anchor: string, from: string, to: string];

export function edit(xml: string, [anchor, from, to]: Edit): string {
  if (anchor === '') return mutate(xml, from, to);
  const a = xml.indexOf(anchor);
  if (a < 0 || xml.indexOf(anchor, a + 1) >= 0) throw new Error(`anchor not unique: ${anchor}`);
  const at = xml.indexOf(from, a);
  if (at < 0) throw new Error(`mutation target not found after anchor: ${from}`);
  return xml.slice(0, at) + to + xml.slice(at + from.length);
}

export function edits(xml: string, list: readonly Edit[]): string {
  return list.reduce(edit, xml);
}
