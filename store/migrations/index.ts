export type { Migration } from './migration.ts';
export { MIGRATIONS } from './list.ts';
export { migrate } from './run.ts';
