import { describe, expect, it } from 'vitest';
import { priceFieldsOf, priceText } from './connector-price-input.ts';

describe('connector price fields', () => {
  it('sends both empty boxes as null: the price table decides', () => {
    expect(priceFieldsOf('', ' ')).toEqual({ pricePerMTokIn: null, pricePerMTokOut: null });
  });

  it('reads dollars per million tokens, with a comma as the decimal point too', () => {
    expect(priceFieldsOf('0.15', '0,6')).toEqual({ pricePerMTokIn: 0.15, pricePerMTokOut: 0.6 });
    expect(priceFieldsOf('0', '0')).toEqual({ pricePerMTokIn: 0, pricePerMTokOut: 0 });
  });

  it('sends what it cannot read as typed, for the API to name the field', () => {
    expect(priceFieldsOf('cheap', '1')).toEqual({ pricePerMTokIn: 'cheap', pricePerMTokOut: 1 });
  });

  it('shows a stored price, and nothing for none', () => {
    expect([priceText(2.5), priceText(null), priceText(undefined)]).toEqual(['2.5', '', '']);
  });
});
