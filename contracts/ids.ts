import { z } from 'zod';

/** Every id in the product is a UUID; the message names what was wrong, not the regex. */
export const uuid = z.uuid({ error: 'must be a UUID' });

/** ISO-8601 UTC timestamps, always with milliseconds and a trailing Z. */
export type IsoTimestamp = string;
