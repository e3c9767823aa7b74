import { BERICHT_CODES, berichtSoort } from './bericht-types.ts';
import type { CanonicalMessage } from './messages.ts';
import { IwmoIjwModelError } from './model-error.ts';
import { readAntwoord } from './read-antwoord.ts';
import { readDeclaratieAntwoordHeader, readHeader, readRetourHeader } from './read-common.ts';
import { readDeclaratie, readDeclaratieAntwoord } from './read-declaratie.ts';
import { readToewijzingClient } from './read-toewijzing.ts';
import { readVerzoekToewijzingClient } from './read-verzoek-toewijzing.ts';
import { readVerzoekWijzigingClient } from './read-verzoek-wijziging.ts';
import { readStartZorgClient, readStopZorgClient } from './read-zorg.ts';
import type { XmlElement } from 'libxml2-wasm';
import type { Tree } from '../../xml/tree.ts';
import { readBericht, type ElementReader } from './xml-reader.ts';

/**
 * Maps an XSD-valid iWmo/iJw 3.2 message to its canonical model. `type` is the partner-facing code
 * ('WMO301', 'JW323', …); the header BerichtCode must match it. Throws IwmoIjwModelError when the XML
 * is not that message type. Given the root element of a document libxml2 parsed, or the tree the adapter read
 * of it (adapters/xml/tree.ts), it reads that parse instead of parsing again.
 */
export function parseIwmoIjw(xml: Buffer | string | XmlElement | Tree, type: string): CanonicalMessage {
  const soort = berichtSoort(type);
  if (!soort) throw new IwmoIjwModelError('IWMO_IJW_UNKNOWN_TYPE', `unknown iWmo/iJw message type '${type}'`);
  const bericht = readBericht(xml);
  const headerEl = bericht.requireChild('Header');
  const berichtCode = headerEl.requireText('BerichtCode');
  if (berichtCode !== BERICHT_CODES[soort.type]) {
    throw new IwmoIjwModelError(
      'IWMO_IJW_TYPE_MISMATCH',
      `BerichtCode ${berichtCode} does not belong to ${soort.type} (expected ${BERICHT_CODES[soort.type]})`,
      '/Bericht/Header/BerichtCode',
    );
  }
  const base = { path: bericht.path, type: soort.type, standaard: soort.standaard };
  const optional = <T>(name: string, read: (r: ElementReader) => T): T | undefined => {
    const el = bericht.child(name);
    return el && read(el);
  };

  switch (soort.nummer) {
    case '301': return { ...base, nummer: '301', header: readHeader(headerEl), client: readToewijzingClient(bericht.requireChild('Client')) };
    case '302': return { ...base, nummer: '302', header: readRetourHeader(headerEl), client: optional('Client', readToewijzingClient) };
    case '305': return { ...base, nummer: '305', header: readHeader(headerEl), client: readStartZorgClient(bericht.requireChild('Client')) };
    case '306': return { ...base, nummer: '306', header: readRetourHeader(headerEl), client: optional('Client', readStartZorgClient) };
    case '307': return { ...base, nummer: '307', header: readHeader(headerEl), client: readStopZorgClient(bericht.requireChild('Client')) };
    case '308': return { ...base, nummer: '308', header: readRetourHeader(headerEl), client: optional('Client', readStopZorgClient) };
    case '315': return { ...base, nummer: '315', header: readHeader(headerEl), client: readVerzoekToewijzingClient(bericht.requireChild('Client')) };
    case '316': return { ...base, nummer: '316', header: readRetourHeader(headerEl), client: optional('Client', readVerzoekToewijzingClient) };
    case '317': return { ...base, nummer: '317', header: readHeader(headerEl), client: readVerzoekWijzigingClient(bericht.requireChild('Client')) };
    case '318': return { ...base, nummer: '318', header: readRetourHeader(headerEl), client: optional('Client', readVerzoekWijzigingClient) };
    case '319': return { ...base, nummer: '319', header: readHeader(headerEl), antwoord: readAntwoord(bericht.requireChild('Antwoord')) };
    case '320': return { ...base, nummer: '320', header: readRetourHeader(headerEl), antwoord: optional('Antwoord', readAntwoord) };
    case '323': return { ...base, nummer: '323', header: readHeader(headerEl), declaratie: readDeclaratie(bericht.requireChild('Declaratie')) };
    case '325': return {
      ...base,
      nummer: '325',
      header: readDeclaratieAntwoordHeader(headerEl),
      declaratieAntwoord: optional('DeclaratieAntwoord', readDeclaratieAntwoord),
    };
  }
}
