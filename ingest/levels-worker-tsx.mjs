// The levels worker when the gateway runs from its TypeScript sources (tsx, vitest): registers tsx in this
// thread first. The compiled gateway (dist/) loads levels-worker.js directly.
import { register } from 'tsx/esm/api';

register();
const worker = await import('./levels-worker.ts');
export default worker.default;
