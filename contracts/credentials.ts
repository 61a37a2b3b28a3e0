import { z } from 'zod';
import { uuid, type IsoTimestamp } from './ids.js';

export const credentialServices = ['daily', 'deepgram', 'cartesia', 'openai'] as const;
export const credentialService = z.enum(credentialServices);
export type CredentialService = z.infer<typeof credentialService>;

/** The key travels in this body once, into the OS keychain; no reply ever carries it back. */
export const createCredentialBody = z.strictObject({
  orgId: uuid,
  serviceName: credentialService,
  apiKey: z
    .string()
    .trim()
    .min(8, { error: 'is too short to be an API key' })
    .max(4096)
    .refine((key) => !/\s/.test(key), { error: 'must not contain spaces or line breaks' }),
  configMetadata: z.record(z.string(), z.union([z.string().max(500), z.number(), z.boolean(), z.null()])).default({}),
});
export type CreateCredentialBody = z.infer<typeof createCredentialBody>;

export const listCredentialsQuery = z.strictObject({ orgId: uuid });

/**
 * Why the last check of a key failed: the provider rejected it, it is not in this computer's
 * keychain, or the check itself could not be made (network, rate limit, provider error).
 */
export const credentialProblems = ['rejected', 'missing', 'check_failed'] as const;
export type CredentialProblem = (typeof credentialProblems)[number];

/** The last "Validate" of a key on this machine; a failure stays until a check passes or the key is replaced. */
export interface CredentialCheck {
  ok: boolean;
  checkedAt: IsoTimestamp;
  problem: CredentialProblem | null;
  error: string | null;
}

export interface VoiceCredential {
  id: string;
  orgId: string;
  serviceName: CredentialService;
  configMetadata: Record<string, string | number | boolean | null>;
  isActive: boolean;
  lastValidatedAt: IsoTimestamp | null;
  /** Null until the key is validated on this machine (and again after it is replaced). */
  lastCheck: CredentialCheck | null;
  createdAt: IsoTimestamp;
  updatedAt: IsoTimestamp;
  createdBy: string;
  updatedBy: string | null;
}

export interface CredentialValidation {
  valid: boolean;
  lastValidatedAt: IsoTimestamp | null;
  /** The provider's reason when invalid: bad key, network, rate limit. */
  error?: string;
  problem?: CredentialProblem;
}
