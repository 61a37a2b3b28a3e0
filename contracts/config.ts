import { z } from 'zod';
import { configJson, type ConfigJson } from './config-json.js';
import { uuid, type IsoTimestamp } from './ids.js';
import { listLimit, listOffset } from './session.js';

const name = z.string().trim().min(1).max(255);
const interviewType = z.string().trim().min(1).max(100);
const description = z.string().max(5000);

export const createConfigBody = z.strictObject({
  orgId: uuid,
  name,
  interviewType,
  description: description.nullable().optional(),
  configJson,
  isActive: z.boolean().default(true),
});
export type CreateConfigBody = z.infer<typeof createConfigBody>;

export const updateConfigBody = z
  .strictObject({
    name: name.optional(),
    interviewType: interviewType.optional(),
    description: description.nullable().optional(),
    configJson: configJson.optional(),
    isActive: z.boolean().optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { error: 'at least one field must be given' });
export type UpdateConfigBody = z.infer<typeof updateConfigBody>;

const booleanParam = z.enum(['true', 'false']).transform((value) => value === 'true');

export const listConfigsQuery = z.strictObject({
  orgId: uuid,
  isActive: booleanParam.optional(),
  interviewType: interviewType.optional(),
  limit: listLimit,
  offset: listOffset,
});
export type ListConfigsQuery = z.infer<typeof listConfigsQuery>;

export interface VoiceConfig {
  id: string;
  orgId: string;
  name: string;
  interviewType: string;
  description: string | null;
  configJson: ConfigJson;
  isActive: boolean;
  version: number;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  createdBy: string;
  updatedBy: string | null;
}

export interface ConfigVersion {
  version: number;
  configJson: ConfigJson;
  createdAt: IsoTimestamp;
  createdBy: string;
}
