import dns from 'node:dns';
import net from 'node:net';
import { Agent, buildConnector, type Dispatcher } from 'undici';
import type { OutboundPolicy } from './outbound-policy.ts';

type LookupCallback = (error: Error | null, address: string | dns.LookupAddress[], family?: number) => void;

/**
 * An undici Agent whose connector asks the policy about the address it is about to connect to:
 * - an IP literal (`http://10.0.0.5`, `http://[::1]`, `http://2130706433` which URL parsing turns
 *   into 127.0.0.1) is checked as is; Node would not call a lookup for it;
 * - a host name is resolved by our own lookup, which checks every address DNS returns and hands
 *   the socket only checked ones, so a rebinding answer cannot slip in between check and connect;
 * - a host name on the allow list skips both (the operator trusts its DNS).
 * Redirects open new connections through the same connector, so they are checked too.
 */
export function guardedDispatcher(policy: OutboundPolicy): Dispatcher {
  const connectors = new Map<number, buildConnector.connector>();
  const connectorFor = (port: number) => {
    let connector = connectors.get(port);
    if (!connector) {
      connector = buildConnector({ lookup: guardedLookup(policy, port) });
      connectors.set(port, connector);
    }
    return connector;
  };
  return new Agent({
    connect(options, callback) {
      const hostname = options.hostname.replace(/^\[(.*)\]$/, '$1');
      const port = Number(options.port) || (options.protocol === 'https:' ? 443 : 80);
      const connector = connectorFor(port);
      if (policy.allowsHostName(hostname, port)) return connector(options, callback);
      if (net.isIP(hostname)) {
        const refusal = policy.refusal({ hostname, address: hostname, port });
        if (refusal) return callback(refusal, null);
      }
      return connector(options, callback);
    },
  });
}

function guardedLookup(policy: OutboundPolicy, port: number) {
  return (hostname: string, options: dns.LookupOptions, callback: LookupCallback): void => {
    dns.lookup(hostname, { ...options, all: true }, (error, addresses) => {
      if (error) return callback(error, []);
      // Every answer is checked: one private address among public ones is how rebinding is tried.
      for (const { address } of addresses) {
        const refusal = policy.refusal({ hostname, address, port });
        if (refusal) return callback(refusal, []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
      return callback(null, first.address, first.family);
    });
  };
}
