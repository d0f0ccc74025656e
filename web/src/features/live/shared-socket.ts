import type { FeedClock, TimerHandle } from './feed-env.ts';
import { ALL_TOPICS, parseWsMessage, subscribeMessage, unsubscribeMessage, type WsMessage } from './ws-frames.ts';

/** The part of the browser's `WebSocket` we use; a test hands in its own at the network edge. */
export interface SocketLike {
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: ((event: unknown) => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  onclose: ((event: { code: number; reason: string }) => void) | null;
}

export type OpenSocket = (url: string) => SocketLike;

export interface SocketClosed {
  code: number;
  reason: string;
  /** The socket had opened: the path passes WebSockets and the server was there. */
  opened: boolean;
}

export interface TopicHandlers {
  /** The socket is open and the subscription was sent. */
  open(): void;
  message(message: WsMessage): void;
  /** The socket closed (server shutdown, slow client, network): the subscription is gone; subscribe again. */
  closed(info: SocketClosed): void;
}

/** What a feed holds: many topics on one socket. Returns the unsubscribe. */
export interface SocketHub {
  subscribe(topic: string, after: () => number | undefined, handlers: TopicHandlers): () => void;
}

interface Subscriber {
  topic: string;
  after: () => number | undefined;
  handlers: TopicHandlers;
}

/** Between one page's feed stopping and the next one's starting, the socket stays up this long. */
export const SOCKET_LINGER_MS = 5000;

/**
 * One WebSocket per tab, shared by every live feed (the list and the open review subscribe to their
 * topics on it). Opened by the first subscriber, closed a little after the last leaves. When it
 * closes, every subscriber is told and dropped: each reconnects on its own backoff by subscribing
 * again, with `after` read at that moment, so it resumes from the last seq it applied.
 */
export class SharedSocket implements SocketHub {
  private socket: SocketLike | undefined;
  private opened = false;
  private readonly subscribers = new Set<Subscriber>();
  private lingerTimer: TimerHandle;

  constructor(
    private readonly url: () => string,
    private readonly openSocket: OpenSocket,
    private readonly clock: FeedClock,
  ) {}

  subscribe(topic: string, after: () => number | undefined, handlers: TopicHandlers): () => void {
    const subscriber: Subscriber = { topic, after, handlers };
    this.subscribers.add(subscriber);
    this.clock.clearTimeout(this.lingerTimer);
    if (!this.socket) this.connect();
    else if (this.opened) this.start(subscriber);
    return () => this.leave(subscriber);
  }

  private connect() {
    const socket = this.openSocket(this.url());
    this.socket = socket;
    this.opened = false;
    socket.onopen = () => {
      if (socket !== this.socket) return;
      this.opened = true;
      for (const subscriber of [...this.subscribers]) this.start(subscriber);
    };
    socket.onmessage = (event) => {
      if (socket !== this.socket) return;
      const message = parseWsMessage(event.data);
      if (!message) return;
      for (const subscriber of [...this.subscribers]) {
        const addressed = message.topic === ALL_TOPICS || subscriber.topic === message.topic;
        if (addressed && this.subscribers.has(subscriber)) subscriber.handlers.message(message);
      }
    };
    socket.onclose = (event) => {
      if (socket !== this.socket) return;
      const info = { code: event.code, reason: event.reason, opened: this.opened };
      this.socket = undefined;
      this.opened = false;
      const dropped = [...this.subscribers];
      this.subscribers.clear();
      for (const subscriber of dropped) subscriber.handlers.closed(info);
    };
  }

  private start(subscriber: Subscriber) {
    this.socket!.send(subscribeMessage(subscriber.topic, subscriber.after()));
    subscriber.handlers.open();
  }

  private leave(subscriber: Subscriber) {
    if (!this.subscribers.delete(subscriber)) return;
    const socket = this.socket;
    if (!socket) return;
    const topicStillWanted = [...this.subscribers].some((other) => other.topic === subscriber.topic);
    if (this.opened && !topicStillWanted) socket.send(unsubscribeMessage(subscriber.topic));
    if (this.subscribers.size > 0) return;
    // A socket still opening is dropped at once: one that hangs must not be joined by the next try.
    if (!this.opened) return this.drop(socket, 'given up');
    this.lingerTimer = this.clock.setTimeout(() => {
      if (this.subscribers.size === 0 && this.socket === socket) this.drop(socket, 'no subscriptions');
    }, SOCKET_LINGER_MS);
  }

  /** Closes a socket nobody needs; its close event then reaches nobody. */
  private drop(socket: SocketLike, reason: string) {
    this.socket = undefined;
    this.opened = false;
    socket.close(1000, reason);
  }
}

/** `ws://` or `wss://` to the same origin as the page, so the session cookie goes along. */
export function sameOriginSocketUrl(path: string): string {
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${window.location.host}${path}`;
}
