import { createHash, randomBytes } from 'node:crypto';

/**
 * A bot's per-session reporting credential for the team project: generated here, handed to the
 * bot's task only, and never stored anywhere on this side. The project keeps only its SHA-256.
 */
export interface ReportCredential {
  /** `vbr_` + base64url of 32 random bytes (256 bits). */
  token: string;
  /** Lowercase hex SHA-256 of the token's UTF-8 bytes: all the project ever sees. */
  hash: string;
}

export function mintReportCredential(): ReportCredential {
  const token = `vbr_${randomBytes(32).toString('base64url')}`;
  return { token, hash: createHash('sha256').update(token, 'utf8').digest('hex') };
}
