/** One reason a message was refused, in the shape of the API's `errors` array. */
export interface ValidationIssue { code: string; message: string; line?: number; column?: number; path?: string }

/** Thrown by an adapter (or the registry) when a message is not taken; `status` is the HTTP answer. */
export class MessageRejected extends Error {
  constructor(readonly status: 400 | 415 | 422, readonly errors: ValidationIssue[]) {
    super(errors.map((e) => `${e.code}: ${e.message}`).join('; '));
    this.name = 'MessageRejected';
  }

  static of(status: 400 | 415 | 422, code: string, message: string, where: Omit<ValidationIssue, 'code' | 'message'> = {}): MessageRejected {
    return new MessageRejected(status, [{ code, message, ...where }]);
  }
}

export type IdentifierKind = 'agb' | 'gemeentecode';

export interface PartyRef { kind: IdentifierKind; code: string }

export interface AcceptedMessage {
  /** 'iwmo' | 'ijw' (later 'brp', 'svb-pgb', 'dkd') */
  family: string;
  /** The code partners are authorised on: 'WMO301', 'JW323', … */
  type: string;
  /** Header BerichtIdentificatie/Identificatie. */
  correlationId?: string;
  /** The organisation that sends it: header Afzender, but the Ontvanger for a retour (IV028 keeps the heen header). */
  sender?: PartyRef;
  /** The organisation it goes to: Ontvanger, or the Afzender for a retour. */
  addressee?: PartyRef;
  /** Every distinct BSN in the message, in document order, for keyed hashes. Never logged. */
  bsns: string[];
}

export interface Adapter {
  readonly family: string;
  /** Whether this adapter handles the content, judged from the first bytes only; never parses. */
  accepts(head: Buffer): boolean;
  /** Validates and extracts; throws MessageRejected. */
  process(body: Buffer): AcceptedMessage;
  /** What this adapter's format sniffer sees in content nobody accepted (for the 415 message), if it is its format at all. */
  describe?(head: Buffer): string | undefined;
  dispose?(): void;
}
