/** TRUST_PROXY as parsed by config: `true`, `false`, a hop count, or proxy addresses/CIDRs. */
export type TrustProxySetting = boolean | number | string[];

/**
 * Fastify's `trustProxy` for a setting. Fastify 5 treats a bare number as "trust nothing", so a hop
 * count becomes the trust function proxy-addr builds for one: the `hops` nearest peers are proxies,
 * and the client is the address the outermost of them reports.
 */
export function fastifyTrustProxy(
  setting: TrustProxySetting,
): boolean | string[] | ((address: string, hop: number) => boolean) {
  if (typeof setting !== 'number') return setting;
  const hops = setting;
  return hops === 0 ? false : (_address, hop) => hop < hops;
}
