import type { CredentialService } from '../../contracts/credentials.js';
import { DailyClient } from './daily-client.js';
import { CARTESIA_VERSION, type ProviderEndpoints } from './provider-endpoints.js';
import { providerRequest } from './provider-request.js';

/**
 * Asks the provider itself whether a key works, with its cheapest authenticated endpoint
 * (protocols.md). Resolves on success; throws ProviderError with the provider's reason otherwise.
 */
export async function checkProviderKey(service: CredentialService, key: string, endpoints: ProviderEndpoints): Promise<void> {
  const noRetry = { retries429: 0, timeoutMs: 10_000 };
  switch (service) {
    case 'daily':
      return new DailyClient(endpoints.daily, key).checkKey();
    case 'deepgram':
      await providerRequest(
        { provider: 'Deepgram', method: 'GET', url: `${endpoints.deepgram}/v1/projects`, headers: { authorization: `Token ${key}` }, ...noRetry },
        [key],
      );
      return;
    case 'cartesia':
      await providerRequest(
        {
          provider: 'Cartesia',
          method: 'GET',
          url: `${endpoints.cartesia}/voices?limit=1`,
          headers: { authorization: `Bearer ${key}`, 'cartesia-version': CARTESIA_VERSION },
          ...noRetry,
        },
        [key],
      );
      return;
    case 'openai':
      await providerRequest(
        { provider: 'OpenAI', method: 'GET', url: `${endpoints.openai}/models`, headers: { authorization: `Bearer ${key}` }, ...noRetry },
        [key],
      );
      return;
  }
}

