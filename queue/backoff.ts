/**
 * Reconnect/restart delay: exponential from minMs, capped at maxMs, with "equal jitter"
 * (between half and all of the ceiling) so that many clients do not reconnect in step.
 * attempt counts from 0.
 */
export function reconnectDelay(attempt: number, minMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, minMs * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
