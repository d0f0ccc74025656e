import type { ReviewSummary } from '@reviewtrace/contracts';

/**
 * Plays an external review engine against the test server over real HTTP (api.md, ingestion):
 * creates a review with `engine: "external"` and appends its events, as a CI job's engine would.
 */
export class ReviewDriver {
  constructor(
    private readonly serverUrl: string,
    private readonly ownerToken: string,
  ) {}

  async create(values: { prMrUrl?: string; title?: string; connectorId?: number } = {}): Promise<number> {
    const review = (await this.call('POST', '/reviews', {
      engine: 'external',
      prMrUrl: values.prMrUrl ?? 'https://github.com/acme/app/pull/7',
      title: values.title ?? 'Cache the sessions',
      ...(values.connectorId === undefined ? {} : { connectorId: values.connectorId }),
    })) as ReviewSummary;
    return review.id;
  }

  append(reviewId: number, events: Record<string, unknown>[]): Promise<unknown> {
    return this.call('POST', `/reviews/${reviewId}/events`, { events });
  }

  /** `log` events whose messages are `line <n>`, so a test can read back exactly which arrived. */
  logLines(reviewId: number, numbers: number[]): Promise<unknown> {
    return this.append(
      reviewId,
      numbers.map((n) => ({ type: 'log', level: n % 5 === 0 ? 'warn' : 'info', data: { message: `line ${n}` } })),
    );
  }

  status(reviewId: number, status: 'running' | 'success' | 'failed'): Promise<unknown> {
    return this.append(reviewId, [{ type: 'status', data: { status } }]);
  }

  cancel(reviewId: number): Promise<unknown> {
    return this.call('POST', `/reviews/${reviewId}/cancel`, undefined);
  }

  private async call(method: string, path: string, body: unknown): Promise<unknown> {
    const response = await fetch(`${this.serverUrl}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${this.ownerToken}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!response.ok) throw new Error(`${method} ${path} → ${response.status} ${await response.text()}`);
    return response.json();
  }
}
