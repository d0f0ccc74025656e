import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import { channelForSchema, EVENTS_CHANNEL, type ReviewNotification } from '../events/event-store.ts';

/**
 * The narrow seam between writers and live viewers: "review R has new events up to seq S".
 * Today it is PostgreSQL LISTEN/NOTIFY (one connection per API process); at very large fan-out a
 * NATS or Redis implementation of this interface would replace it without touching the streams.
 */
export interface EventBus {
  subscribe(listener: (notification: ReviewNotification) => void): () => void;
  close(): Promise<void>;
}

class ListenerSet {
  private readonly listeners = new Set<(n: ReviewNotification) => void>();

  add(listener: (n: ReviewNotification) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  dispatch(payload: string | undefined): void {
    const notification = parse(payload);
    if (!notification) return;
    for (const listener of this.listeners) listener(notification);
  }
}

function parse(payload: string | undefined): ReviewNotification | undefined {
  try {
    const value = JSON.parse(payload ?? '') as Partial<ReviewNotification>;
    if (typeof value.reviewId === 'number' && typeof value.orgId === 'number' && typeof value.seq === 'number') {
      return {
        reviewId: value.reviewId,
        orgId: value.orgId,
        seq: value.seq,
        ...(value.cancel === true ? { cancel: true as const } : {}),
      };
    }
  } catch {
    // Someone else's NOTIFY on our channel: not ours to interpret.
  }
  return undefined;
}

/**
 * One dedicated LISTEN connection (outside the pool, which would recycle it). If it drops, it
 * reconnects with backoff; notifications sent meanwhile are missed, which only delays viewers until
 * their next heartbeat catch-up: streams always read events from the store, never from here.
 */
export class PostgresEventBus implements EventBus {
  private readonly listeners = new ListenerSet();
  private client: pg.Client | undefined;
  private closed = false;
  private retryTimer: NodeJS.Timeout | undefined;

  private constructor(private readonly connectionString: string) {}

  static async connect(connectionString: string): Promise<PostgresEventBus> {
    const bus = new PostgresEventBus(connectionString);
    await bus.open();
    return bus;
  }

  private async open(): Promise<void> {
    const client = new pg.Client({ connectionString: this.connectionString });
    client.on('error', () => this.reconnect(client));
    client.on('end', () => this.reconnect(client));
    await client.connect();
    const { rows } = await client.query<{ schema: string }>('select current_schema() as schema');
    const channel = channelForSchema(rows[0]!.schema);
    client.on('notification', (message) => {
      if (message.channel === channel) this.listeners.dispatch(message.payload);
    });
    await client.query(`LISTEN "${channel}"`);
    this.client = client;
  }

  private reconnect(broken: pg.Client, delayMs = 500): void {
    if (this.closed || this.client !== broken) return;
    this.client = undefined;
    this.retryTimer = setTimeout(() => {
      this.open().catch(() => {
        this.client = broken;
        this.reconnect(broken, Math.min(delayMs * 2, 10_000));
      });
    }, delayMs);
  }

  subscribe(listener: (n: ReviewNotification) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retryTimer);
    await this.client?.end().catch(() => undefined);
  }
}

/** PGlite: LISTEN through the instance itself (a pg.Client through the adapter receives nothing). */
export class PgliteEventBus implements EventBus {
  private readonly listeners = new ListenerSet();
  private unlisten: (() => Promise<void>) | undefined;

  private constructor() {}

  static async connect(pglite: PGlite): Promise<PgliteEventBus> {
    const bus = new PgliteEventBus();
    bus.unlisten = await pglite.listen(EVENTS_CHANNEL, (payload) => bus.listeners.dispatch(payload));
    return bus;
  }

  subscribe(listener: (n: ReviewNotification) => void): () => void {
    return this.listeners.add(listener);
  }

  async close(): Promise<void> {
    await this.unlisten?.().catch(() => undefined);
  }
}

/**
 * Routes the process's one notification feed to the streams that care: per review for progress
 * pages, per org for the list stream.
 */
export class NotificationRouter {
  private readonly byReview = new Map<number, Set<(n: ReviewNotification) => void>>();
  private readonly byOrg = new Map<number, Set<(n: ReviewNotification) => void>>();
  private readonly anyOrg = new Set<(n: ReviewNotification) => void>();
  /** Notifications seen per watched review: lets streams tell a fresh query from a stale one. */
  private readonly versions = new Map<number, number>();
  private readonly unsubscribe: () => void;

  constructor(bus: EventBus) {
    this.unsubscribe = bus.subscribe((n) => {
      if (this.byReview.has(n.reviewId)) this.versions.set(n.reviewId, (this.versions.get(n.reviewId) ?? 0) + 1);
      for (const listener of this.byReview.get(n.reviewId) ?? []) listener(n);
      for (const listener of this.byOrg.get(n.orgId) ?? []) listener(n);
      for (const listener of this.anyOrg) listener(n);
    });
  }

  onReview(reviewId: number, listener: (n: ReviewNotification) => void): () => void {
    const remove = addTo(this.byReview, reviewId, listener);
    return () => {
      remove();
      if (!this.byReview.has(reviewId)) this.versions.delete(reviewId);
    };
  }

  versionOf(reviewId: number): number {
    return this.versions.get(reviewId) ?? 0;
  }

  onOrg(orgId: number, listener: (n: ReviewNotification) => void): () => void {
    return addTo(this.byOrg, orgId, listener);
  }

  /** A super_admin's list stream across all orgs. */
  onAnyOrg(listener: (n: ReviewNotification) => void): () => void {
    this.anyOrg.add(listener);
    return () => this.anyOrg.delete(listener);
  }

  close(): void {
    this.unsubscribe();
  }
}

function addTo<K>(
  map: Map<K, Set<(n: ReviewNotification) => void>>,
  key: K,
  listener: (n: ReviewNotification) => void,
) {
  const set = map.get(key) ?? new Set();
  set.add(listener);
  map.set(key, set);
  return () => {
    set.delete(listener);
    if (set.size === 0) map.delete(key);
  };
}

/** The bus that fits the database: the PGlite instance's own listen, or a LISTEN connection. */
export async function connectEventBus(database: {
  pglite: PGlite | undefined;
  url: string | undefined;
}): Promise<EventBus> {
  if (database.pglite) return PgliteEventBus.connect(database.pglite);
  if (!database.url) throw new Error('connectEventBus needs a PGlite instance or a connection string');
  return PostgresEventBus.connect(database.url);
}
