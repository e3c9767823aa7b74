// IV028 situation 3: a TKB or BAB that fails its XSD is answered with the header-only retour carrying 0001 —
// when its header can be copied into a retour that is itself valid. When not (malformed XML, not an iPgb 501/507,
// a header the retour XSD refuses), there is no retour: IV028 situation 4, contact outside the exchange.
import { MessageRejected } from '../../types.ts';
import { XmlError } from 'libxml2-wasm';
import { parseUntrustedXml } from '../../xml/parse.ts';
import type { IpgbAdapter } from '../adapter.ts';
import { nummerOf, retourTypeOf } from '../messages.ts';
import { TECHNISCH_AFGEKEURD } from '../retourcodes.ts';
import { childNamed, readElements, type TreeElement } from '../../xml/tree.ts';
import { checkIdentificatie, openRetour, writeRetourHeader, type IpgbRetour } from './build.ts';
import { IpgbRetourError } from './retour-error.ts';

export interface IpgbTechnischeRetourInput {
  /** The refused body as received. */
  heen: Buffer | string;
  identificatie: string;
  now?: Date;
  /** The adapter whose schema set refused it: gives the namespaces and validates the retour. */
  adapter: Pick<IpgbAdapter, 'schemas' | 'process'>;
}

function tree(heen: Buffer): TreeElement | undefined {
  try {
    const doc = parseUntrustedXml(heen);
    try {
      return readElements(doc);
    } finally {
      doc.dispose();
    }
  } catch (err) {
    if (err instanceof MessageRejected || err instanceof XmlError) return undefined;
    throw err;
  }
}

export function buildIpgbTechnischeRetour(input: IpgbTechnischeRetourInput): IpgbRetour | undefined {
  checkIdentificatie(input.identificatie);
  const body = typeof input.heen === 'string' ? Buffer.from(input.heen, 'utf8') : input.heen;
  const root = tree(body);
  if (!root || root.local !== 'Bericht') return undefined;
  const heenSchema = [...input.adapter.schemas.values()].find((s) => s.namespace === root.ns);
  if (!heenSchema || (nummerOf(heenSchema.type) !== '501' && nummerOf(heenSchema.type) !== '507')) return undefined;
  const retourType = retourTypeOf(heenSchema.type)!;
  const retourSchema = input.adapter.schemas.get(retourType)!;
  const header = childNamed(root, 'Header');
  if (!header) return undefined;
  const w = openRetour(heenSchema, retourSchema, retourType);
  try {
    writeRetourHeader(w, header, retourType, retourSchema, { identificatie: input.identificatie, now: input.now }, [TECHNISCH_AFGEKEURD]);
  } catch (err) {
    if (err instanceof IpgbRetourError) return undefined; // an element in a foreign namespace inside the header
    throw err;
  }
  w.out += `</${w.own}:Bericht>\n`;
  try {
    input.adapter.process(Buffer.from(w.out, 'utf8'));
  } catch (err) {
    if (err instanceof MessageRejected) return undefined;
    throw err;
  }
  return { type: retourType, xml: w.out, uitkomst: 'technisch-afgekeurd', retourCodes: [TECHNISCH_AFGEKEURD] };
}
