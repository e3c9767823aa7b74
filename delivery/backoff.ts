// Exponential backoff with "equal jitter": attempt n waits between half and all of base·2^(n-1),
// capped at max. The lower bound of attempt n+1 equals the upper bound of attempt n, so delays
// never shrink, while jitter still spreads a burst of failures over time.
export function backoffDelay(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(ceiling / 2 + random() * (ceiling / 2));
}
