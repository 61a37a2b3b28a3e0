/**
 * Every provider's base URL, overridable so tests (and proxies) can point the same production
 * clients at local fakes. AWS endpoints follow the SDK's own AWS_ENDPOINT_URL_* convention instead.
 */
export interface ProviderEndpoints {
  daily: string;
  openai: string;
  deepgram: string;
  cartesia: string;
}

const trimSlash = (url: string): string => url.replace(/\/+$/, '');

export function providerEndpoints(env: NodeJS.ProcessEnv = process.env): ProviderEndpoints {
  return {
    daily: trimSlash(env.DAILY_API_URL || 'https://api.daily.co/v1'),
    openai: trimSlash(env.OPENAI_BASE_URL || 'https://api.openai.com/v1'),
    deepgram: trimSlash(env.DEEPGRAM_API_URL || 'https://api.deepgram.com'),
    cartesia: trimSlash(env.CARTESIA_API_URL || 'https://api.cartesia.ai'),
  };
}

/** The Cartesia API version this app speaks (protocols.md: pin one). */
export const CARTESIA_VERSION = '2025-11-04';
