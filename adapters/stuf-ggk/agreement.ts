import type { AcceptedMessage } from '../types.ts';
import { BERICHT_CODES, HEEN_NUMMERS, berichtSoort, type BerichtNummer } from '../iwmo-ijw/model/index.ts';
import type { StufGgkEnvelope } from './types.ts';

/** The payload header fields the envelope must agree with (the model's Header and the adapter's HeaderFields fit). */
export interface PayloadHeader {
  berichtCode: string | undefined;
  afzender: string | undefined;
  ontvanger: string | undefined;
}

/**
 * - `functie-onbekend`: the envelope's functie is no iWmo/iJw 3.2 message type;
 * - `functie-berichtcode`: the functie's BerichtCode is not the payload's (e.g. functie WMO305 around a WMO301);
 * - `zender-afzender` / `ontvanger-ontvanger`: the envelope's organisatie is not the payload's sending /
 *   receiving party. For a retour (302, 306, …) the payload keeps the heen header (IV028), so there the
 *   envelope's zender is compared with the payload's Ontvanger and its ontvanger with the Afzender.
 */
export type EnvelopeMismatchCode = 'functie-onbekend' | 'functie-berichtcode' | 'zender-afzender' | 'ontvanger-ontvanger';

export interface EnvelopeMismatch {
  code: EnvelopeMismatchCode;
  message: string;
  /** e.g. `stuurgegevens/zender/organisatie`. */
  envelopePath: string;
  /** e.g. `/Bericht/Header/Afzender`. */
  payloadPath: string;
  envelopeValue: string;
  /** Absent when the payload header lacks the field. */
  payloadValue?: string;
}

const HEEN: ReadonlySet<string> = new Set<BerichtNummer>(HEEN_NUMMERS);

/**
 * Does the envelope say what its payload says? Gemeentecodes (4 digits with leading zeros) and AGB codes
 * (8 digits) are written the same way in StUF `organisatie` and in the iWmo/iJw header, so they are compared
 * as text (surrounding white space ignored). [] when they agree.
 */
export function checkEnvelopeAgreement(envelope: StufGgkEnvelope, payloadHeader: PayloadHeader): EnvelopeMismatch[] {
  const sg = envelope.stuurgegevens;
  const mismatches: EnvelopeMismatch[] = [];
  const functie = sg.functie.trim();
  const soort = berichtSoort(functie);
  const payloadCode = payloadHeader.berichtCode?.trim();
  if (!soort) {
    mismatches.push({
      code: 'functie-onbekend',
      message: `functie '${functie.slice(0, 30)}' is not an iWmo/iJw 3.2 message type`,
      envelopePath: 'stuurgegevens/functie',
      payloadPath: '/Bericht/Header/BerichtCode',
      envelopeValue: functie,
      ...(payloadCode !== undefined ? { payloadValue: payloadCode } : {}),
    });
  } else if (BERICHT_CODES[soort.type] !== payloadCode) {
    mismatches.push({
      code: 'functie-berichtcode',
      message: `functie ${soort.type} means BerichtCode ${BERICHT_CODES[soort.type]}, the payload has ${payloadCode === undefined ? 'none' : `BerichtCode ${payloadCode}`}`,
      envelopePath: 'stuurgegevens/functie',
      payloadPath: '/Bericht/Header/BerichtCode',
      envelopeValue: functie,
      ...(payloadCode !== undefined ? { payloadValue: payloadCode } : {}),
    });
  }

  // Which way the payload travels follows from the payload itself, not from the (possibly wrong) functie.
  const retour = isRetour(payloadCode) ?? (soort ? !HEEN.has(soort.nummer) : false);
  const sending = retour
    ? { path: '/Bericht/Header/Ontvanger', value: payloadHeader.ontvanger }
    : { path: '/Bericht/Header/Afzender', value: payloadHeader.afzender };
  const receiving = retour
    ? { path: '/Bericht/Header/Afzender', value: payloadHeader.afzender }
    : { path: '/Bericht/Header/Ontvanger', value: payloadHeader.ontvanger };
  const zender = compareOrganisatie('zender-afzender', 'stuurgegevens/zender/organisatie', sg.zender.organisatie, sending);
  const ontvanger = compareOrganisatie('ontvanger-ontvanger', 'stuurgegevens/ontvanger/organisatie', sg.ontvanger.organisatie, receiving);
  if (zender) mismatches.push(zender);
  if (ontvanger) mismatches.push(ontvanger);
  return mismatches;
}

function compareOrganisatie(
  code: 'zender-afzender' | 'ontvanger-ontvanger',
  envelopePath: string,
  organisatie: string,
  payload: { path: string; value: string | undefined },
): EnvelopeMismatch | undefined {
  const envelopeValue = organisatie.trim();
  const payloadValue = payload.value?.trim();
  if (envelopeValue === payloadValue) return undefined;
  return {
    code,
    message: `${envelopePath} '${envelopeValue.slice(0, 40)}' does not match payload ${payload.path} ${payloadValue === undefined ? '(absent)' : `'${payloadValue}'`}`,
    envelopePath,
    payloadPath: payload.path,
    envelopeValue,
    ...(payloadValue !== undefined ? { payloadValue } : {}),
  };
}

const TYPE_BY_CODE: ReadonlyMap<string, string> = new Map(Object.entries(BERICHT_CODES).map(([type, code]) => [code, type]));

/** Whether this BerichtCode is a retour (302, 306, 308, 316, 318, 320); undefined for an unknown code. */
function isRetour(berichtCode: string | undefined): boolean | undefined {
  const type = berichtCode === undefined ? undefined : TYPE_BY_CODE.get(berichtCode);
  const soort = type === undefined ? undefined : berichtSoort(type);
  return soort ? !HEEN.has(soort.nummer) : undefined;
}

/**
 * The header fields back from what the iWmo/iJw adapter returns (`process(payload)`): its sender/addressee are
 * already turned around for a retour, so this turns them back into Afzender/Ontvanger.
 */
export function payloadHeaderOf(accepted: AcceptedMessage): PayloadHeader {
  const soort = berichtSoort(accepted.type);
  const retour = soort ? !HEEN.has(soort.nummer) : false;
  const [afzender, ontvanger] = retour ? [accepted.addressee, accepted.sender] : [accepted.sender, accepted.addressee];
  return {
    berichtCode: soort ? BERICHT_CODES[soort.type] : undefined,
    afzender: afzender?.code,
    ontvanger: ontvanger?.code,
  };
}
