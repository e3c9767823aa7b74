/** One reason a message was refused, in the shape of the API's `errors` array. */
export interface ValidationIssue { code: string; message: string; line?: number; column?: number; path?: string }

/** Thrown by an adapter (or the registry) when a message is not taken; `status` is the HTTP answer. */
export class MessageRejected extends Error {
  constructor(readonly status: 400 | 415 | 422, readonly errors: ValidationIssue[], readonly answer?: { contentType: string; body: string | Buffer }) {
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
  /**
   * Set when the body is an envelope (a StUF-GGk Di01): the message inside it, which is what is stored
   * and delivered, and its content type.
   */
  payload?: Buffer;
  payloadContentType?: string;
  /** The envelope, for whoever answers in its terms. */
  envelope?: unknown;
  /** Sent on behalf of the header's Afzender by a relay (the GGk), so the sender check does not apply. */
  relayed?: boolean;
  /**
   * The format's own model, built from the same parse that validated it (iWmo/iJw: the CanonicalMessage), so
   * no inspector parses the message again.
   */
  model?: unknown;
  /** The features' level-2 findings on this message, by feature name (Feature.level2, run beside the adapter). */
  level2?: Record<string, unknown>;
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
