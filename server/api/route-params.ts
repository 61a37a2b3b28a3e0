import type { z } from 'zod';
import { uuid } from '../../contracts/ids.js';
import type { RequestContext } from '../http/router.js';
import { queryObject, validate } from '../http/validate.js';

/** A UUID path segment such as `:id` or `:sessionId` (400 naming that segment otherwise). */
export function pathId(ctx: RequestContext, name = 'id'): string {
  return validate(uuid, ctx.params[name], name);
}

export function query<S extends z.ZodType>(ctx: RequestContext, schema: S): z.output<S> {
  return validate(schema, queryObject(ctx.url.searchParams));
}
