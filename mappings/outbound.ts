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
