import { describeXmlProlog, readXmlProlog } from './prolog.ts';

/**
 * An XML adapter's `accepts`: true when the root element's namespace is one the adapter declares.
 * XML with a DOCTYPE is claimed as well (by whichever XML adapter is asked first), so it gets the
 * explicit 400 `doctype-forbidden` from `process` instead of a vague 415; it is never parsed.
 */
export function claimsXml(head: Buffer, namespacePrefixes: readonly string[]): boolean {
  const prolog = readXmlProlog(head);
  if (prolog.kind === 'doctype') return true;
  if (prolog.kind !== 'root' || prolog.namespace === undefined) return false;
  const ns = prolog.namespace;
  return namespacePrefixes.some((p) => ns.startsWith(p));
}

/** An XML adapter's `describe`. */
export function describeXml(head: Buffer): string | undefined {
  return describeXmlProlog(readXmlProlog(head));
}
