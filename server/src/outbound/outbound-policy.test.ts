import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHttpServer, type FakeHttpServer } from '../testing/fake-git/fake-http-server.ts';
import { parseAllowList } from './allow-list.ts';
import { OutboundPolicy } from './outbound-policy.ts';
import { outboundRefusalIn } from './outbound-refused.ts';

/** The reason a fetch failed, as the policy raised it (undefined when it was not the policy). */
async function refusalOf(policy: OutboundPolicy, url: string): Promise<string | undefined> {
  try {
    await policy.fetch(url);
    return undefined;
  } catch (error) {
    return outboundRefusalIn(error)?.message;
  }
}

let internal: FakeHttpServer;
let allowed: FakeHttpServer;
const allowedPort = () => Number(new URL(allowed.origin).port);
const internalPort = () => Number(new URL(internal.origin).port);

beforeAll(async () => {
  internal = await startFakeHttpServer(() => ({ status: 200, body: { secret: 'internal data' } }));
  // An allowed host that redirects to the internal one: the classic way around a URL-text check.
  allowed = await startFakeHttpServer((request) =>
    request.rawPath === '/redirect'
      ? { status: 302, body: {}, headers: { location: `${internal.origin}/` } }
      : { status: 200, body: { hello: 'world' } },
  );
});
afterAll(async () => {
  await internal.close();
  await allowed.close();
});

describe('the restricted outbound policy', () => {
  const restricted = () => new OutboundPolicy('restricted');

  it.each([
    ['http://127.0.0.1:5432/', '127.0.0.1 is a loopback address'],
    ['http://[::1]:5432/', '::1 is a loopback address'],
    ['http://0.0.0.0:5432/', '0.0.0.0 is an unspecified address'],
    // URL parsing turns the decimal form into 127.0.0.1: the check sees the address, not the text.
    ['http://2130706433:5432/', '127.0.0.1 is a loopback address'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254 is a link-local address'],
    ['http://10.0.0.5/', '10.0.0.5 is a private address'],
    ['http://192.168.0.1/', '192.168.0.1 is a private address'],
    ['http://100.64.0.1/', '100.64.0.1 is a carrier-grade NAT (CGNAT) address'],
    ['http://[fd00::1]/', 'fd00::1 is a unique-local address'],
    ['http://[::ffff:10.0.0.1]/', 'is a private address'],
    ['http://224.0.0.1/', '224.0.0.1 is a multicast address'],
  ])('refuses %s before anything is sent', async (url, reason) => {
    const message = await refusalOf(restricted(), url);
    expect(message).toContain('blocked by the outbound policy: ');
    expect(message).toContain(reason);
    expect(message).toContain('(set OUTBOUND_ALLOW to permit it)');
  });

  it('checks the address a host name resolves to, not the name', async () => {
    const before = internal.requests.length;
    expect(await refusalOf(restricted(), `http://localhost:${internalPort()}/`)).toContain(
      '127.0.0.1 is a loopback address',
    );
    expect(internal.requests.length).toBe(before);
  });

  it('lets allowed host:port entries through, and checks the redirect target again', async () => {
    const policy = new OutboundPolicy('restricted', parseAllowList(`127.0.0.1:${allowedPort()}`));
    const direct = await policy.fetch(`${allowed.origin}/`);
    expect(await direct.json()).toEqual({ hello: 'world' });

    const before = internal.requests.length;
    expect(await refusalOf(policy, `${allowed.origin}/redirect`)).toContain('127.0.0.1 is a loopback address');
    expect(internal.requests.length).toBe(before);
    await policy.close();
  });

  it('lets an allowed host name through whatever it resolves to', async () => {
    const policy = new OutboundPolicy('restricted', parseAllowList('localhost'));
    const response = await policy.fetch(`http://localhost:${internalPort()}/`);
    expect(response.status).toBe(200);
    await response.body?.cancel();
    await policy.close();
  });

  it('refuses schemes other than http(s)', async () => {
    await expect(restricted().fetch('file:///etc/passwd')).rejects.toThrow('Only http(s) URLs may be fetched');
  });
});

describe('the open outbound policy', () => {
  it('reaches loopback, redirects included (embedded mode: Ollama on localhost)', async () => {
    const policy = OutboundPolicy.open();
    const response = await policy.fetch(`${allowed.origin}/redirect`);
    expect(await response.json()).toEqual({ secret: 'internal data' });
    await policy.close();
  });
});
