import { z } from 'zod';
import { uuid } from '../../contracts/ids.js';
import type { RequestContext } from '../http/router.js';
import { queryObject, validate } from '../http/validate.js';

const idParam = z.strictObject({ id: uuid });

/** The `:id` path segment, which must be a UUID (400 naming `id` otherwise). */
export function pathId(ctx: RequestContext, name = 'id'): string {
  return validate(idParam, { id: ctx.params[name] }).id;
}

export function query<S extends z.ZodType>(ctx: RequestContext, schema: S): z.output<S> {
  return validate(schema, queryObject(ctx.url.searchParams));
}
