import ipaddr from 'ipaddr.js';

/**
 * OUTBOUND_ALLOW: hosts, `host:port`s and CIDRs that stay reachable under the restricted policy,
 * e.g. `127.0.0.1:11434,10.20.0.0/16,gitlab.internal,[::1]:8080`. A bare IP is its own /32 (/128).
 */
export type AllowEntry =
  | { kind: 'range'; range: [ipaddr.IPv4 | ipaddr.IPv6, number]; port?: number }
  | { kind: 'host'; host: string; port?: number };

export class AllowListError extends Error {}

export function parseAllowList(text: string | undefined): AllowEntry[] {
  if (!text) return [];
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(parseEntry);
}

function parseEntry(entry: string): AllowEntry {
  if (entry.includes('/')) {
    try {
      return { kind: 'range', range: ipaddr.parseCIDR(entry) };
    } catch {
      throw new AllowListError(`"${entry}" is not a CIDR range (e.g. 10.20.0.0/16)`);
    }
  }
  const { host, port } = splitPort(entry);
  if (ipaddr.isValid(host)) {
    const address = ipaddr.process(host);
    return { kind: 'range', range: [address, address.kind() === 'ipv4' ? 32 : 128], ...(port ? { port } : {}) };
  }
  // A hostname as URLs write it (letters, digits, dots, hyphens); no wildcards, they hide mistakes.
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/i.test(host)) {
    throw new AllowListError(`"${entry}" is not a host, host:port, IP or CIDR`);
  }
  return { kind: 'host', host: host.toLowerCase(), ...(port ? { port } : {}) };
}

/** `host`, `host:port`, `[v6]`, `[v6]:port`; a bare IPv6 (several colons) has no port. */
function splitPort(entry: string): { host: string; port?: number } {
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
  if (bracketed) return withPort(entry, bracketed[1]!, bracketed[2]);
  const colons = entry.split(':').length - 1;
  if (colons === 1) {
    const [host, port] = entry.split(':') as [string, string];
    return withPort(entry, host, port);
  }
  return { host: entry };
}

function withPort(entry: string, host: string, port: string | undefined): { host: string; port?: number } {
  if (port === undefined) return { host };
  const value = Number(port);
  if (!/^\d{1,5}$/.test(port) || value < 1 || value > 65535) {
    throw new AllowListError(`"${entry}" has no valid port (1–65535)`);
  }
  return { host, port: value };
}

/** True when the entry lets this connection through: by the URL's host name, or by the address. */
export function allows(entry: AllowEntry, target: { hostname: string; address: string; port: number }): boolean {
  if (entry.port !== undefined && entry.port !== target.port) return false;
  if (entry.kind === 'host') return entry.host === target.hostname.toLowerCase();
  const address = ipaddr.process(target.address);
  const [network, bits] = entry.range;
  return address.kind() === network.kind() && address.match(network, bits);
}
