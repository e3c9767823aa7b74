import { MessageRejected } from '../../adapters/types.ts';

/** The MessageRejected that `fn` throws; fails the test when it throws nothing or something else. */
export function rejection(fn: () => unknown): MessageRejected {
  try {
    fn();
  } catch (err) {
    if (err instanceof MessageRejected) return err;
    throw err;
  }
  throw new Error('expected MessageRejected');
}
