import ipaddr from 'ipaddr.js';
import type { Dispatcher } from 'undici';
import { allows, type AllowEntry } from './allow-list.ts';
import { guardedDispatcher } from './guarded-dispatcher.ts';
import { OutboundRefusedError } from './outbound-refused.ts';

export type OutboundMode = 'open' | 'restricted';

/** What each refused range is called in the error a user reads. */
const rangeNames: Record<string, string> = {
  loopback: 'a loopback address',
  private: 'a private address',
  linkLocal: 'a link-local address',
  uniqueLocal: 'a unique-local address',
  carrierGradeNat: 'a carrier-grade NAT (CGNAT) address',
  multicast: 'a multicast address',
  unspecified: 'an unspecified address',
  broadcast: 'a broadcast address',
};

type FetchInput = string | URL | Request;

/**
 * The one gate for every request the server makes on a tenant's behalf: AI providers, git hosts,
 * and later webhooks. It is enforced on the resolved address at connect time (guarded-dispatcher.ts),
 * so neither a hostname that resolves to 127.0.0.1, nor a DNS answer that changes between check and
 * use, nor a redirect to an internal host gets through: each new connection is checked itself.
 *
 * `restricted` lets through global unicast addresses only (plus OUTBOUND_ALLOW); `open` checks
 * nothing (embedded mode: one person's machine, where Ollama on localhost is the usual case).
 */
export class OutboundPolicy {
  private agent: Dispatcher | undefined;

  constructor(
    readonly mode: OutboundMode,
    private readonly allowList: readonly AllowEntry[] = [],
  ) {}

  static open(): OutboundPolicy {
    return new OutboundPolicy('open');
  }

  /** The same policy with more entries allowed (the demo's own simulator on loopback). */
  allowing(entries: readonly AllowEntry[]): OutboundPolicy {
    return new OutboundPolicy(this.mode, [...this.allowList, ...entries]);
  }

  /** Why a connection to `address` (resolved from `hostname`) may not be opened, or undefined. */
  refusal(target: { hostname: string; address: string; port: number }): OutboundRefusedError | undefined {
    if (this.mode === 'open') return undefined;
    if (this.allowList.some((entry) => allows(entry, target))) return undefined;
    const range = rangeOf(target.address);
    if (range === 'unicast') return undefined;
    return new OutboundRefusedError(target.address, rangeNames[range] ?? `a special-purpose address (${range})`);
  }

  /** True when the URL's host name itself is allowed (checked before any DNS lookup). */
  allowsHostName(hostname: string, port: number): boolean {
    return this.allowList.some((entry) => entry.kind === 'host' && allows(entry, { hostname, address: '', port }));
  }

  /** An undici dispatcher that checks every connection it opens; for clients that take one (Gitbeaker). */
  get dispatcher(): Dispatcher {
    this.agent ??= guardedDispatcher(this);
    return this.agent;
  }

  /** A `fetch` for SDKs that take one: the global fetch through the guarded dispatcher. */
  readonly fetch = (input: FetchInput, init?: RequestInit): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      return Promise.reject(new TypeError(`Only http(s) URLs may be fetched, not ${url.protocol}`));
    }
    // `dispatcher` is undici's extension of RequestInit, which Node's fetch honours.
    return fetch(input, { ...init, dispatcher: this.dispatcher } as RequestInit);
  };

  async close(): Promise<void> {
    await this.agent?.close();
  }
}

/** ipaddr.js's range name; IPv4-mapped IPv6 (::ffff:10.0.0.1) is judged as the IPv4 it carries. */
function rangeOf(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  return ipaddr.process(address).range();
}
