import { calcPrice, findProvider, type Provider } from '@pydantic/genai-prices';
import type { PriceSource } from '@reviewtrace/contracts';
import type { AiProviderType } from '../../connectors/ai/ai-types.ts';

/** A connector's own price in US dollars per million tokens (Settings), which beats the table. */
export interface ConnectorPrices {
  perMTokIn: number;
  perMTokOut: number;
}

export interface PricedConnector {
  providerType: AiProviderType;
  baseUrl: string;
  model: string;
  prices?: ConnectorPrices | null;
}

export type CallPrice = { costUsd: number; priceSource: PriceSource } | { costUsd: null; priceUnknownReason: string };

/**
 * What one call cost: the connector's own price when set; 0 for Ollama (self-hosted: no bill per
 * token); else the bundled `@pydantic/genai-prices` table, which ships its data in the package (we
 * never call its `updatePrices`, so nothing is fetched at run time). A model the table does not know
 * has no cost rather than a cost of 0, with the reason, so an unknown bill never reads as free.
 */
export function priceOfCall(connector: PricedConnector, tokens: { tokensIn: number; tokensOut: number }): CallPrice {
  if (connector.prices) {
    const { perMTokIn, perMTokOut } = connector.prices;
    return {
      costUsd: dollars((tokens.tokensIn * perMTokIn + tokens.tokensOut * perMTokOut) / 1e6),
      priceSource: 'connector',
    };
  }
  if (connector.providerType === 'ollama') return { costUsd: 0, priceSource: 'self-hosted' };
  const { provider, byUrl } = tableProvider(connector);
  const model = connector.model.replace(/^models\//, '');
  const price = provider
    ? calcPrice({ input_tokens: tokens.tokensIn, output_tokens: tokens.tokensOut }, model, { provider })
    : null;
  if (price) return { costUsd: dollars(price.total_price), priceSource: 'genai-prices' };
  const table = byUrl ? `the price table for ${provider?.name ?? connector.providerType}` : 'the price table';
  const server = byUrl ? '' : ` (${hostOf(connector.baseUrl)} is not a provider the table knows)`;
  return {
    costUsd: null,
    priceUnknownReason: `"${model}" is not in ${table}${server}; set a price on the connector in Settings`,
  };
}

/**
 * Gemini connectors are Google's API. An OpenAI-compatible connector is priced as the provider its
 * base URL names (OpenAI, OpenRouter, Groq…), else as OpenAI: proxies in front of OpenAI keep its
 * model names, while a self-hosted server's model names are not in OpenAI's table.
 */
function tableProvider(connector: PricedConnector): { provider: Provider | undefined; byUrl: boolean } {
  if (connector.providerType === 'gemini') return { provider: findProvider({ providerId: 'google' }), byUrl: true };
  const named = findProvider({ providerApiUrl: connector.baseUrl });
  return named ? { provider: named, byUrl: true } : { provider: findProvider({ providerId: 'openai' }), byUrl: false };
}

/** Sub-cent precision without float noise (1e-9 $ is far below any single call's price). */
function dollars(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

function hostOf(url: string): string {
  return URL.canParse(url) ? new URL(url).host : url;
}
