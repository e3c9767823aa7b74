import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

// One registry per gateway instance (tests start several in one process).
export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'kp_process_' });
  const labels = ['family', 'type', 'partner'] as const;
  return {
    registry,
    received: new Counter({ name: 'kp_messages_received_total', help: 'Messages received on ingest', labelNames: ['partner'], registers: [registry] }),
    accepted: new Counter({ name: 'kp_messages_accepted_total', help: 'Messages accepted (durable and published)', labelNames: labels, registers: [registry] }),
    rejected: new Counter({ name: 'kp_messages_rejected_total', help: 'Messages refused, by error code', labelNames: [...labels, 'code'], registers: [registry] }),
    publishSeconds: new Histogram({
      name: 'kp_publish_duration_seconds', help: 'Time from publish to broker confirm',
      buckets: [0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1], registers: [registry],
    }),
    ingestSeconds: new Histogram({
      name: 'kp_ingest_duration_seconds', help: 'Ingest handling time (validate, store, publish) of accepted messages',
      buckets: [0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5], registers: [registry],
    }),
    deliveryAttempts: new Counter({ name: 'kp_delivery_attempts_total', help: 'Delivery attempts by outcome', labelNames: ['partner', 'outcome'], registers: [registry] }),
    deliverySeconds: new Histogram({
      name: 'kp_delivery_duration_seconds', help: 'Partner response time per delivery attempt', labelNames: ['partner'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers: [registry],
    }),
    deadLettered: new Counter({ name: 'kp_dead_letters_total', help: 'Messages sent to the dead-letter queue', labelNames: ['partner', 'reason'], registers: [registry] }),
    deadLetterDepth: new Gauge({ name: 'kp_dead_letter_queue_depth', help: 'Messages waiting in the dead-letter queue', registers: [registry] }),
    brokerUp: new Gauge({ name: 'kp_broker_up', help: '1 when the broker connection is up', registers: [registry] }),
    swept: new Counter({ name: 'kp_swept_total', help: 'Stored but unpublished messages published by the sweeper', registers: [registry] }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
