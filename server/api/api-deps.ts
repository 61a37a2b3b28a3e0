import type { IdentityProvider } from '../identity/identity-provider.js';
import type { LiveHub } from '../live/live-hub.js';
import type { Logger } from '../runtime/logger.js';
import type { Stores } from '../store/stores.js';

/** What route handlers need, passed in once so handlers stay plain functions. */
export interface ApiDeps {
  stores: Stores;
  identity: IdentityProvider;
  hub: LiveHub;
  logger: Logger;
  version: string;
  dataDir: string;
}
