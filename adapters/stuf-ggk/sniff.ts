import { describeXmlProlog, readXmlProlog } from '../xml/prolog.ts';
import { GGK_NS } from './constants.ts';

/**
 * Whether the first bytes are a StUF-GGk envelope (root element in the ggk0210 namespace), judged from the
 * content alone. XML with a DOCTYPE is claimed too, like every XML adapter does (adapters/xml/claim.ts), so
 * it gets the explicit `doctype-forbidden` instead of a vague 415; it is never parsed.
 */
export function acceptsStufGgk(head: Buffer): boolean {
  const prolog = readXmlProlog(head);
  return prolog.kind === 'doctype' || (prolog.kind === 'root' && prolog.namespace === GGK_NS);
}

/** What the sniffer sees, for a "no message type is known" answer. */
export function describeStufGgk(head: Buffer): string | undefined {
  return describeXmlProlog(readXmlProlog(head));
}
