import type { IdentityMode } from '../../contracts/identity.js';
import type { CurrentUser, IdentityProvider } from './identity-provider.js';

/**
 * The server's identity, swappable at runtime: local until a Supabase sign-in, local again after
 * sign-out. Routes keep asking the IdentityProvider interface and never notice the swap.
 */
export class SwitchableIdentity implements IdentityProvider {
  private current: IdentityProvider;

  constructor(private readonly local: IdentityProvider) {
    this.current = local;
  }

  get mode(): IdentityMode {
    return this.current.mode;
  }

  currentUser(): CurrentUser {
    return this.current.currentUser();
  }

  use(provider: IdentityProvider): void {
    this.current = provider;
  }

  useLocal(): void {
    this.current = this.local;
  }
}
