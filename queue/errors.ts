/** The broker cannot take or confirm a message right now (down, blocked by an alarm, channel lost, no confirm in time). */
export class BrokerUnavailable extends Error {
  readonly code = 'broker-unavailable';

  constructor(reason: string) {
    super(`broker unavailable: ${reason}`);
    this.name = 'BrokerUnavailable';
  }
}

/** A partner name or prefix that would break topic routing or queue naming. */
export class InvalidTopologyName extends Error {
  readonly code = 'invalid-topology-name';

  constructor(what: string, value: string) {
    super(`invalid ${what} '${value}'`);
    this.name = 'InvalidTopologyName';
  }
}

/**
 * A description of an amqplib/socket error that is safe to log: broker reply texts name queues
 * and exchanges, never message content.
 */
export function describeBrokerError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return code === undefined ? err.message : `${String(code)} ${err.message}`;
  }
  return String(err);
}

/** Only the code or class name of an error thrown by application code: its message may hold personal data. */
export function errorKind(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' || typeof code === 'number' ? String(code) : err.name;
  }
  return typeof err;
}
