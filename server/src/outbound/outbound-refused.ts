/**
 * A connection the outbound policy would not open. It is raised inside the connector, before a
 * byte is sent, so a client library sees it as a connect failure (`fetch failed` with this as the
 * cause); `outboundRefusalIn` finds it again wherever it ended up in the cause chain.
 */
export class OutboundRefusedError extends Error {
  override name = 'OutboundRefusedError';
  readonly code = 'ERR_OUTBOUND_REFUSED';

  constructor(
    readonly address: string,
    readonly kind: string,
  ) {
    super(`blocked by the outbound policy: ${address} is ${kind} (set OUTBOUND_ALLOW to permit it)`);
  }
}

export function outboundRefusalIn(error: unknown): OutboundRefusedError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && typeof current === 'object' && current !== null; depth += 1) {
    if (current instanceof OutboundRefusedError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
