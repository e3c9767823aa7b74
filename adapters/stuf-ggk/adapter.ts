import { MessageRejected, type AcceptedMessage, type Adapter } from '../types.ts';
import { checkEnvelopeAgreement, payloadHeaderOf } from './agreement.ts';
import { buildFo01, fo01Details } from './builders.ts';
import { createStufGgkCodec } from './codec.ts';
import { StufGgkRejected } from './errors.ts';
import type { Di01Envelope } from './types.ts';

const XML = 'application/xml';

/**
 * The GGk's Di01 envelope around an iWmo/iJw message: unwrapped, its payload processed by the iWmo/iJw
 * adapter, and checked against the envelope (functie ↔ BerichtCode, organisaties ↔ Afzender/Ontvanger).
 * What is stored and delivered is the payload. A refusal is answered in StUF terms, with a Fo01
 * (StUF055 when the payload fails its XSD, StUF034 for an unknown functie, StUF058 when envelope and
 * payload disagree), never with a JSON body the GGk cannot read.
 */
export function createStufGgkAdapter(schemasRoot: string, payloadAdapter: Adapter): Adapter {
  const codec = createStufGgkCodec(schemasRoot);
  return {
    family: 'stuf-ggk',
    accepts: (head) => codec.accepts(head),
    describe: (head) => codec.describe(head),
    process(body: Buffer): AcceptedMessage {
      let di01: Di01Envelope;
      try {
        di01 = codec.parseDi01(body);
      } catch (err) {
        if (err instanceof StufGgkRejected) {
          const fo01 = buildFo01({ di01: err.readable, code: 'StUF055', details: fo01Details(err.errors), now: new Date() });
          throw new MessageRejected(err.status === 415 ? 415 : 400, err.errors, { contentType: XML, body: fo01.xml });
        }
        throw err;
      }
      if (di01.payload.kind !== 'xml') {
        throw fo01Refusal(di01, 'StUF034', [{ code: 'payload-not-xml', message: `a tekstBestand (${di01.payload.bestandsnaam}) is not an iWmo/iJw message` }]);
      }
      const payload = di01.payload.bytes;
      let message: AcceptedMessage;
      try {
        message = payloadAdapter.process(payload);
      } catch (err) {
        if (err instanceof MessageRejected) throw fo01Refusal(di01, 'StUF055', err.errors);
        throw err;
      }
      const mismatches = checkEnvelopeAgreement(di01, payloadHeaderOf(message));
      if (mismatches.length > 0) {
        const unknownFunctie = mismatches.some((m) => m.code === 'functie-onbekend');
        throw fo01Refusal(di01, unknownFunctie ? 'StUF034' : 'StUF058', mismatches.map((m) => ({ code: `envelope-${m.code}`, message: m.message, path: m.envelopePath })));
      }
      return { ...message, payload, payloadContentType: XML, envelope: di01, relayed: true };
    },
    dispose: () => codec.dispose(),
  };
}

function fo01Refusal(di01: Di01Envelope, code: 'StUF055' | 'StUF034' | 'StUF058', errors: MessageRejected['errors']): MessageRejected {
  const fo01 = buildFo01({ di01, code, details: fo01Details(errors), now: new Date() });
  return new MessageRejected(400, errors, { contentType: XML, body: fo01.xml });
}

export function isDi01Envelope(envelope: unknown): envelope is Di01Envelope {
  return typeof envelope === 'object' && envelope !== null && (envelope as Di01Envelope).stuurgegevens?.berichtcode === 'Di01';
}
