// The fuzz targets: one per ingest adapter (the spine's, the subscriptions feature's BRP, the pgb feature's
// iPgb), each feeding mutated seeds through the same path ingest takes — the registry's detect-and-validate
// (`AdapterRegistry.process`, the production adapter set), and for an iWmo/iJw message that passed its XSD,
// what the istandaarden inspector does next (the model, the level-2 rules and the retour). A MessageRejected
// is an answer (4xx); anything else thrown would be a 500 and is a finding. So is a retour the registry refuses
// (stage istandaarden-retour): the gateway would send a partner a message that is not valid.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBrpAdapter } from '../adapters/brp/index.ts';
import { parseIwmoIjw, type CanonicalMessage } from '../adapters/iwmo-ijw/model/index.ts';
import { createIwmoIjwAdapter } from '../adapters/iwmo-ijw/index.ts';
import { buildRetour, retourTypeFor, type RetourFinding } from '../adapters/iwmo-ijw/retour/index.ts';
import { runLevel2 } from '../adapters/iwmo-ijw/rules/index.ts';
import { AdapterRegistry } from '../adapters/registry.ts';
import { ipgbAdapters } from '../adapters/ipgb/adapter.ts';
import { createStufGgkAdapter } from '../adapters/stuf-ggk/index.ts';
import { MessageRejected, type AcceptedMessage } from '../adapters/types.ts';
import { readVariables } from '../config/schema.ts';
import { JSON_MUTATORS, LO3, XML, type Mutator } from './mutate.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMAS_DIR = path.join(ROOT, 'schemas');
/** The shared corpus the seeds come from (as the tests: KP_CORPUS_DIR, default ../shared/corpus). */
export const CORPUS_DIR = path.resolve(readVariables(process.env, ['KP_CORPUS_DIR']).KP_CORPUS_DIR!);

export type Stage = 'adapter' | 'istandaarden-model' | 'istandaarden-retour';

/**
 * A level-3/4 finding inside the payload, so the retour copies the message (any WJ001 code will do). For a 323
 * with one client it refuses that client, whose prestaties are then copied into the 325.
 */
const ECHOING: Readonly<Record<string, RetourFinding>> = {
  '301': { rule: 'FUZZ', code: '9019', path: '/Bericht/Client' },
  '319': { rule: 'FUZZ', code: '9019', path: '/Bericht/Antwoord' },
  '323': { rule: 'FUZZ', code: '9019', path: '/Bericht/Declaratie/Clienten/Client' },
};

export interface Target {
  name: string;
  seeds(): Buffer[];
  mutators: readonly Mutator[];
}

function files(dir: string, ext: RegExp): Buffer[] {
  const full = path.join(CORPUS_DIR, dir);
  return readdirSync(full).filter((f) => ext.test(f)).sort().map((f) => readFileSync(path.join(full, f)));
}

export const TARGETS: readonly Target[] = [
  {
    name: 'iwmo-ijw',
    seeds: () => [...files('istandaarden/iwmo-3.2/samples', /\.xml$/), ...files('istandaarden/ijw-3.2/samples', /\.xml$/)],
    mutators: XML,
  },
  {
    name: 'stuf-ggk',
    seeds: () => [...files('istandaarden/stuf-ggk-0210/constructed', /^Di01.*\.xml$/), ...files('istandaarden/stuf-ggk-0210/voorbeeldberichten', /Di01.*\.xml$/)],
    mutators: XML,
  },
  { name: 'brp-lo3', seeds: () => [...files('brp/lo3/rvig-berichten-api', /\.GBA$/), ...files('brp/lo3/operatiebrp', /\.GBA$/)], mutators: LO3 },
  {
    name: 'brp-berichten-api',
    seeds: () => files('brp/lo3/rvig-berichten-api', /\.json$/).map((b) => {
      const doc = JSON.parse(b.toString('utf8')) as Record<string, unknown>;
      delete doc.$schema;
      return Buffer.from(JSON.stringify(doc, null, 1));
    }),
    mutators: JSON_MUTATORS,
  },
  { name: 'brp-stuf-bg', seeds: () => files('brp/stuf-bg/voorbeelden', /\.xml$/), mutators: XML },
  // The corpus has no iPgb messages (the standard is SVB's); the seeds are the repository's own fixtures, valid
  // against the bundled XSD set: TKB (501), retours (502), BAB (507/508), Wmo and Jw.
  {
    name: 'ipgb',
    seeds: () => {
      const dir = path.join(ROOT, 'tests', 'fixtures', 'ipgb');
      return readdirSync(dir).filter((f) => f.endsWith('.xml')).sort().map((f) => readFileSync(path.join(dir, f)));
    },
    mutators: XML,
  },
];

export type Outcome =
  | { kind: 'accepted'; type: string }
  | { kind: 'rejected'; status: number; code: string }
  | { kind: 'finding'; stage: Stage; error: unknown };

/** The production adapter set (spine + the subscriptions feature's BRP and the pgb feature's iPgb adapter), compiled once. */
export class FuzzHarness {
  readonly registry: AdapterRegistry;

  constructor(schemasDir = SCHEMAS_DIR) {
    const iwmoIjw = createIwmoIjwAdapter(schemasDir);
    this.registry = new AdapterRegistry([iwmoIjw, createStufGgkAdapter(schemasDir, iwmoIjw), createBrpAdapter(schemasDir), ...ipgbAdapters(schemasDir)]);
  }

  run(input: Buffer): Outcome {
    let message: AcceptedMessage;
    try {
      message = this.registry.process(input);
    } catch (err) {
      if (err instanceof MessageRejected) return { kind: 'rejected', status: err.status, code: err.errors[0]?.code ?? 'unknown' };
      return { kind: 'finding', stage: 'adapter', error: err };
    }
    if (message.family === 'iwmo' || message.family === 'ijw') {
      // What istandaarden/inspector.ts does with every iWmo/iJw message that passed its XSD; a throw there is a 500.
      try {
        const payload = message.payload ?? input;
        const model = (message.model as CanonicalMessage | undefined) ?? parseIwmoIjw(payload, message.type);
        const findings = runLevel2(model);
        if (retourTypeFor(model.type) !== undefined) {
          if (findings.length > 0) buildRetour({ heen: payload, message: model, findings, identificatie: 'FUZZ00000001' });
          // A level-3/4 refusal echoes the message (its payload copied from libxml2's parse of the heen bytes).
          // That retour must itself be a valid message: the registry validates it as it would a partner's.
          const echoed = buildRetour({ heen: payload, message: model, findings: [ECHOING[model.nummer] ?? ECHOING['301']!], identificatie: 'FUZZ00000002' });
          try {
            this.registry.process(Buffer.from(echoed.xml, 'utf8'));
          } catch (err) {
            return { kind: 'finding', stage: 'istandaarden-retour', error: err };
          }
        }
      } catch (err) {
        return { kind: 'finding', stage: 'istandaarden-model', error: err };
      }
    }
    return { kind: 'accepted', type: message.type };
  }

  dispose(): void {
    this.registry.dispose();
  }
}

