// How a partner's answer decides a message's fate. 408 and 429 are the partner asking us to come
// back later, so they are retried like a 5xx; every other 4xx means the message itself is wrong
// for that partner and retrying cannot help.
export type Outcome = 'delivered' | 'retry' | 'dead';

export function outcomeOfStatus(status: number): Outcome {
  if (status >= 200 && status < 300) return 'delivered';
  if (status === 408 || status === 429) return 'retry';
  if (status >= 400 && status < 500) return 'dead';
  return 'retry';
}
