import { IPGB_FAMILY, readStoredIpgb, SVB_AFZENDER, type IpgbType } from '../adapters/ipgb/index.ts';
import { parseIwmoIjw } from '../adapters/iwmo-ijw/model/index.ts';
import { wrapDi01 } from '../adapters/stuf-ggk/index.ts';
import type { DeliverySettings } from '../config/partners.ts';
import { toCanonicalJson } from './iwmo-json/index.ts';

export interface OutboundPayload { payload: Buffer; contentType: string }

const RETOUREN = new Set(['302', '306', '308', '316', '318', '320']);

/**
 * The form a partner receives a stored message in (its delivery `format` and `envelope`). Only iWmo/iJw
 * messages have other forms; everything else goes as stored. Runs at delivery, so a partner's format
 * can change without touching what is stored.
 */
export function outboundPayload(settings: Pick<DeliverySettings, 'format' | 'envelope'>, family: string, type: string, payload: Buffer, contentType: string): OutboundPayload {
  if (family === IPGB_FAMILY && settings.envelope === 'stuf-ggk') return ipgbDi01(type as IpgbType, payload);
  const iwmo = family === 'iwmo' || family === 'ijw';
  if (!iwmo || (settings.format === 'xml' && settings.envelope === 'none')) return { payload, contentType };
  const model = parseIwmoIjw(payload, type);
  if (settings.format !== 'xml') {
    const document = toCanonicalJson(model);
    const body = settings.format === 'canonical-json' ? document : { document, xml: payload.toString('utf8') };
    return { payload: Buffer.from(JSON.stringify(body)), contentType: 'application/json' };
  }
  // A retour keeps the heen header (IV028): it travels from the header's Ontvanger to its Afzender.
  const retour = RETOUREN.has(model.nummer);
  const [zender, ontvanger] = retour ? [model.header.ontvanger, model.header.afzender] : [model.header.afzender, model.header.ontvanger];
  const di01 = wrapDi01({ payloadXml: payload, functie: type, zender, ontvanger, now: new Date() });
  return { payload: di01.xml, contentType: 'application/xml' };
}

/**
 * An iPgb message for the GGk (a TKB the route sends through it, pgb/README.md): a Di01 from the municipality to
 * the SVB, or back for a 502/507. The SVB has no code in any iPgb header; its StUF organisatie is 'SVB' (a guess:
 * no public GGk agreement for iPgb names it).
 */
function ipgbDi01(type: IpgbType, payload: Buffer): OutboundPayload {
  const model = readStoredIpgb(payload, type);
  const gemeente = model.nummer === '501' || model.nummer === '502' ? model.header.afzender : model.header.ontvanger;
  const vanGemeente = model.nummer === '501' || model.nummer === '508';
  const [zender, ontvanger] = vanGemeente ? [gemeente, SVB_AFZENDER] : [SVB_AFZENDER, gemeente];
  const di01 = wrapDi01({ payloadXml: payload, functie: type, zender, ontvanger, now: new Date() });
  return { payload: di01.xml, contentType: 'application/xml' };
}
