import type { ConnectorInput } from './api.ts';

type PriceFields = Pick<ConnectorInput, 'pricePerMTokIn' | 'pricePerMTokOut'>;

/** A stored price as the form's text: empty when the connector uses the price table. */
export function priceText(value: number | null | undefined): string {
  return value === null || value === undefined ? '' : String(value);
}

/**
 * The two price boxes as the API takes them: both empty → null (use the price table); a number
 * (a comma works as the decimal point) → that number. Anything else is sent as typed, so the API's
 * field error says what is wrong, as for every other field.
 */
export function priceFieldsOf(inText: string, outText: string): PriceFields {
  return { pricePerMTokIn: priceOf(inText), pricePerMTokOut: priceOf(outText) } as PriceFields;
}

function priceOf(text: string): number | null | string {
  const trimmed = text.trim().replace(',', '.');
  if (trimmed === '') return null;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : text;
}
