// The shape of a partners file, as written in YAML. Strict objects everywhere: a misspelt key is an
// error, never a silently ignored setting.
import { z } from 'zod';

// gbav: the GBA-V (BRP) side that sends LO3 mutations and takes Ap01/Av01; subscriber: a WSW provider (or
// another party) that keeps a watchlist and receives alerts; ggk: the Gemeentelijk Gegevensknooppunt, a relay
// that sends iWmo/iJw messages in StUF-GGk envelopes on behalf of the header's Afzender; klantsysteem: a
// municipality's case or client system that only asks Digitaal Klantdossier lookups (dkd/).
export const PARTNER_ROLES = ['gemeente', 'aanbieder', 'operator', 'ketenpartner', 'gbav', 'subscriber', 'ggk', 'klantsysteem'] as const;

/** The Suwinet-Inlezen services of the Digitaal Klantdossier (adapters/suwiml DIENSTEN has the same names). */
export const DKD_DIENSTEN = ['BRPDossierPersoonGSD', 'UWVDossierInkomstenGSD', 'SVBDossierPersoonGSD', 'Bijstandsregelingen'] as const;
/** A doelbinding (purpose) as configured and as a caller names it: a word such as Participatiewet or schuldhulpverlening. */
export const DOELBINDING = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/**
 * What an operator may see beyond metadata: 'personal-data' = payloads and search by BSN (every view audited);
 * 'pgb' = the PGB ledger and uitval worklist (/v1/pgb, the cockpit's PGB page).
 */
export const PARTNER_PERMISSIONS = ['personal-data', 'pgb'] as const;

/** The alert types a subscriber can receive (brp.md §5). */
export const BRP_EVENT_TYPES = [
  'verhuisd.binnengemeentelijk', 'verhuisd.intergemeentelijk', 'geemigreerd', 'overleden', 'pl-afgevoerd', 'anummer-gewijzigd',
] as const;

/** Part of RabbitMQ queue names (kp.deliver.<name>), so no dots. */
const PARTNER_NAME = /^[a-z0-9][a-z0-9-]*$/;
const MESSAGE_TYPE = /^[A-Za-z0-9]+$/;

const digits = (count: number) =>
  z.string().regex(new RegExp(`^\\d{${count}}$`), `must be exactly ${count} digits`);

const nonEmpty = z.string().min(1, 'must not be empty');
const atLeast = (minimum: number) => z.int().min(minimum, `must be a whole number of at least ${minimum}`);

function isHttpsUrl(value: string): boolean {
  try {
    return new URL(value).protocol === 'https:';
  } catch {
    return false;
  }
}

const deliverySchema = z
  .strictObject({
    url: z.string().refine(isHttpsUrl, 'must be an https URL'),
    serverCa: nonEmpty,
    serverName: nonEmpty.optional(),
    timeoutMs: atLeast(1).default(10_000),
    maxAttempts: atLeast(1).default(8),
    backoffBaseMs: atLeast(0).default(1_000),
    backoffMaxMs: atLeast(0).default(300_000),
    concurrency: atLeast(1).default(16),
    /**
     * What the partner receives of an iWmo/iJw message: the XML as received (default), the canonical JSON
     * document (schemas/json/iwmo-ijw-canonical.schema.json), or that document with the XML beside it.
     */
    format: z.enum(['xml', 'canonical-json', 'canonical-json+xml'], { error: 'must be xml, canonical-json or canonical-json+xml' }).default('xml'),
    /** stuf-ggk: every iWmo/iJw message is wrapped in a StUF-GGk Di01 (for the GGk). */
    envelope: z.enum(['none', 'stuf-ggk'], { error: 'must be none or stuf-ggk' }).default('none'),
  })
  .refine((d) => d.backoffMaxMs >= d.backoffBaseMs, {
    message: 'must be at least backoffBaseMs',
    path: ['backoffMaxMs'],
  });

const partnerSchema = z
  .strictObject({
    name: z
      .string()
      .regex(PARTNER_NAME, 'must be lowercase letters, digits and hyphens, not starting with a hyphen (it becomes part of queue names)'),
    oin: digits(20),
    role: z.enum(PARTNER_ROLES, { error: `must be one of ${PARTNER_ROLES.join(', ')}` }),
    ca: nonEmpty,
    identifiers: z
      .strictObject({
        agb: z.array(digits(8)).default([]),
        gemeentecode: z.array(digits(4)).default([]),
      })
      .default({ agb: [], gemeentecode: [] }),
    messageTypes: z.array(z.string().regex(MESSAGE_TYPE, 'must be letters and digits only, like WMO301')).default([]),
    delivery: deliverySchema.optional(),
    permissions: z.array(z.enum(PARTNER_PERMISSIONS, { error: `must be one of ${PARTNER_PERMISSIONS.join(', ')}` })).default([]),
    /** Subscribers only: which alerts it wants and what personal data an alert may carry. */
    alerts: z
      .strictObject({
        events: z.array(z.enum(BRP_EVENT_TYPES, { error: `must be one of ${BRP_EVENT_TYPES.join(', ')}` })).default([...BRP_EVENT_TYPES]),
        disclose: z.array(z.enum(['bsn', 'naam'], { error: 'must be bsn or naam' })).default([]),
      })
      .optional(),
    /**
     * Digitaal Klantdossier (gemeente or klantsysteem): per dienst the doelbindingen this partner may invoke.
     * A dienst not listed may not be asked at all; a doelbinding not listed is refused before anything is sent.
     */
    dkd: z
      .strictObject({
        diensten: z.partialRecord(
          z.enum(DKD_DIENSTEN, { error: `must be one of ${DKD_DIENSTEN.join(', ')}` }),
          z.array(z.string().regex(DOELBINDING, 'must be a word of letters, digits, dots, hyphens or underscores (at most 64)')).min(1, 'must list at least one doelbinding'),
        ),
      })
      .optional(),
  })
  .superRefine((partner, ctx) => {
    const lookupOnly = partner.role === 'operator' || partner.role === 'subscriber' || partner.role === 'klantsysteem';
    if (!lookupOnly && partner.messageTypes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['messageTypes'], message: 'must list at least one message type (only an operator, a subscriber or a klantsysteem may have none)' });
    }
    if (partner.dkd !== undefined && partner.role !== 'gemeente' && partner.role !== 'klantsysteem') {
      ctx.addIssue({ code: 'custom', path: ['dkd'], message: 'only a gemeente or a klantsysteem may ask Digitaal Klantdossier lookups' });
    }
    if (partner.dkd !== undefined && Object.keys(partner.dkd.diensten).length === 0) {
      ctx.addIssue({ code: 'custom', path: ['dkd', 'diensten'], message: 'must list at least one dienst with its doelbindingen' });
    }
    if (partner.role === 'klantsysteem' && partner.dkd === undefined) {
      ctx.addIssue({ code: 'custom', path: ['dkd'], message: 'is required for a klantsysteem (the diensten and doelbindingen it may ask)' });
    }
    if (partner.permissions.length > 0 && partner.role !== 'operator') {
      ctx.addIssue({ code: 'custom', path: ['permissions'], message: 'only an operator has permissions' });
    }
    if (partner.alerts !== undefined && partner.role !== 'subscriber') {
      ctx.addIssue({ code: 'custom', path: ['alerts'], message: 'only a subscriber has alerts' });
    }
  });

export const partnersFileSchema = z.strictObject({
  partners: z.array(partnerSchema).min(1, 'must list at least one partner'),
});

export type PartnersFile = z.infer<typeof partnersFileSchema>;
export type PartnerEntry = PartnersFile['partners'][number];

/** Keys whose values are digit strings; YAML reads an unquoted 0384 as the number 384, so the source text is kept. */
export const DIGIT_STRING_KEYS: ReadonlySet<string> = new Set(['oin', 'agb', 'gemeentecode']);
