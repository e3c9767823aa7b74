import { initial } from './001-initial.ts';
import { destinationsAndRelations } from './002-destinations-and-relations.ts';
import { deliveryDue } from './003-delivery-due.ts';
import { refusedBudget } from './004-refused-budget.ts';
import type { Migration } from './migration.ts';

export const MIGRATIONS: readonly Migration[] = [initial, destinationsAndRelations, deliveryDue, refusedBudget];
