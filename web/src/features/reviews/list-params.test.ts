import { describe, expect, it } from 'vitest';
import { hasFilters, parseListParams, toApiQuery, toSearch } from './list-params.ts';

const parse = (query: string) => parseListParams(new URLSearchParams(query));

describe('reviews list filters in the URL', () => {
  it('reads every filter, and a plain /reviews means the defaults', () => {
    expect(parse('')).toEqual({ status: [], page: 1, perPage: 25, sort: 'created_at', order: 'desc' });
    expect(
      parse(
        'status=failed,canceled&connector_id=3&model=m&provider_type=ollama&git_provider=gitlab&from=2026-01-02&to=2026-01-05&q=%2342&org_id=all&page=3&per_page=50&sort=duration&order=asc',
      ),
    ).toMatchObject({
      status: ['failed', 'canceled'],
      connectorId: '3',
      model: 'm',
      providerType: 'ollama',
      gitProvider: 'gitlab',
      from: '2026-01-02',
      to: '2026-01-05',
      q: '#42',
      orgId: 'all',
      page: 3,
      perPage: 50,
      sort: 'duration',
      order: 'asc',
    });
  });

  it('sorts by cost, most expensive first by default', () => {
    expect(parse('sort=cost')).toMatchObject({ sort: 'cost', order: 'desc' });
    expect(toSearch(parse('sort=cost&order=asc')).toString()).toBe('sort=cost&order=asc');
  });

  it('drops what a hand-edited URL gets wrong instead of sending it to the API', () => {
    expect(parse('status=failed,bogus&per_page=7&page=-2&sort=title&from=yesterday')).toEqual({
      status: ['failed'],
      page: 1,
      perPage: 25,
      sort: 'created_at',
      order: 'desc',
    });
  });

  it('writes only what differs from the defaults and round-trips', () => {
    const params = parse('status=running&q=storefront&page=2');
    expect(toSearch(params).toString()).toBe('status=running&q=storefront&page=2');
    expect(parseListParams(toSearch(params))).toEqual(params);
    expect(toSearch(parse('')).toString()).toBe('');
    expect(hasFilters(parse('page=4'))).toBe(false);
    expect(hasFilters(parse('model=x'))).toBe(true);
  });

  it('turns the date range into whole local days for the API', () => {
    const query = toApiQuery(parse('from=2026-03-01&to=2026-03-01'));
    const from = new Date(query['from']!);
    const to = new Date(query['to']!);
    expect(to.getTime() - from.getTime()).toBe(86_400_000);
    expect([from.getHours(), from.getMinutes()]).toEqual([0, 0]);
  });
});
