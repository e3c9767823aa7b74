// The DKD feature's metrics, on the gateway's registry.
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { BreakerState } from './wus/breaker.ts';

const STATE_VALUE: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

export function createDkdMetrics(registry: Registry, breakerStates: () => Record<string, BreakerState>) {
  const registers = [registry];
  return {
    lookups: new Counter({ name: 'kp_dkd_lookups_total', help: 'DKD lookups by dienst, partner and outcome (refused ones included)', labelNames: ['dienst', 'partner', 'outcome'], registers }),
    lookupSeconds: new Histogram({
      name: 'kp_dkd_lookup_duration_seconds', help: 'DKD lookup time as the caller sees it (retries included)', labelNames: ['dienst'],
      buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers,
    }),
    attempts: new Counter({ name: 'kp_dkd_wus_attempts_total', help: 'WUS requests sent, by dienst and result (ok or the failure code)', labelNames: ['dienst', 'result'], registers }),
    cryptoSeconds: new Histogram({
      name: 'kp_dkd_wus_crypto_seconds', help: 'Time signing a request or verifying an answer', labelNames: ['op'],
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1], registers,
    }),
    cryptoCpuSeconds: new Counter({ name: 'kp_dkd_wus_crypto_cpu_seconds_total', help: 'Process CPU time while signing requests and verifying answers', labelNames: ['op'], registers }),
    schemaWarnings: new Counter({ name: 'kp_dkd_response_warnings_total', help: 'Findings of the lenient response validation, by dienst', labelNames: ['dienst'], registers }),
    breaker: new Gauge({
      name: 'kp_dkd_breaker_state', help: 'Circuit breaker per dienst: 0 closed, 1 half-open, 2 open', labelNames: ['dienst'], registers,
      collect() {
        for (const [dienst, state] of Object.entries(breakerStates())) this.set({ dienst }, STATE_VALUE[state]);
      },
    }),
  };
}

export type DkdMetrics = ReturnType<typeof createDkdMetrics>;
