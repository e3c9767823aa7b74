import { parseUntrustedXml } from '../xml/parse.ts';
import type { IpgbType } from './messages.ts';
import { readIpgbModel } from './model/read.ts';
import type { IpgbMessage } from './model/types.ts';
import { readElements } from '../xml/tree.ts';

/**
 * The canonical model of a stored iPgb message, read again at delivery (a StUF-GGk envelope needs the header's
 * gemeentecode). It was validated against its XSD when it came in, so it is not validated again here.
 */
export function readStoredIpgb(payload: Buffer, type: IpgbType): IpgbMessage {
  const doc = parseUntrustedXml(payload);
  try {
    return readIpgbModel(readElements(doc), type);
  } finally {
    doc.dispose();
  }
}
