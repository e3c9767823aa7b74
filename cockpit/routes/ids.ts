import { OpsError } from '../errors.ts';

const ID = /^[A-Za-z0-9-]{1,64}$/;

export function idParam(raw: string, name = 'id'): string {
  if (!ID.test(raw)) throw new OpsError(400, 'bad-query', `params.${name} is not a message id`, `params.${name}`);
  return raw;
}
