import type { Logger } from 'pino';
import type { AuditLog } from '../audit/index.ts';
import type { PartnerRegistry } from '../config/partners.ts';
import type { Settings } from '../config/settings.ts';
import type { Ingest } from '../ingest/accept.ts';
import type { Broker } from '../queue/broker.ts';
import type { Store } from '../store/index.ts';
import type { CockpitDb } from './messages.ts';
import type { ReplayJobs } from './replay-jobs.ts';
import type { Replayer } from './replayer.ts';

/** Everything the operator routes use. */
export interface CockpitApi {
  store: Store;
  db: CockpitDb;
  broker: Broker;
  ingest: Ingest;
  partners: PartnerRegistry;
  settings: Pick<Settings, 'tls' | 'clientIdentity'>;
  audit: AuditLog;
  replayer: Replayer;
  jobs: ReplayJobs;
  logger: Logger;
}
