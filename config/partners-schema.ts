// The shape of a partners file, as written in YAML. Strict objects everywhere: a misspelt key is an
// error, never a silently ignored setting.
import { z } from 'zod';

export const PARTNER_ROLES = ['gemeente', 'aanbieder', 'operator', 'ketenpartner'] as const;

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
  })
  .superRefine((partner, ctx) => {
    if (partner.role !== 'operator' && partner.messageTypes.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['messageTypes'], message: 'must list at least one message type (only an operator may have none)' });
    }
  });

export const partnersFileSchema = z.strictObject({
  partners: z.array(partnerSchema).min(1, 'must list at least one partner'),
});

export type PartnersFile = z.infer<typeof partnersFileSchema>;
export type PartnerEntry = PartnersFile['partners'][number];

/** Keys whose values are digit strings; YAML reads an unquoted 0384 as the number 384, so the source text is kept. */
export const DIGIT_STRING_KEYS: ReadonlySet<string> = new Set(['oin', 'agb', 'gemeentecode']);
