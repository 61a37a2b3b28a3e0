import type { StatusEvents } from '../domain/status-events.js';
import type { IdentityProvider } from '../identity/identity-provider.js';
import type { Logger } from '../runtime/logger.js';
import type { Stores } from '../store/stores.js';

/** What route handlers need, passed in once so handlers stay plain functions. */
export interface ApiDeps {
  stores: Stores;
  identity: IdentityProvider;
  statusEvents: StatusEvents;
  logger: Logger;
  version: string;
  dataDir: string;
}
