import type { ClientAuditEntry } from '../../../contracts/candidate-rights.js';
import { apiPost } from '../api/api-client.js';

/**
 * Tells the server's audit log that this console exported or copied a session's transcript or
 * report (the file itself never leaves the renderer). Fire and forget: an export is not held up
 * by the log, and a failure to log is reported in the console log only.
 */
export function reportToAudit(entry: ClientAuditEntry): void {
  apiPost('/api/rights/audit', entry).catch((error: unknown) => console.warn('audit entry not recorded', error));
}
