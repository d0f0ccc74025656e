import type { FastifyServerOptions } from 'fastify';

/**
 * Structured pino logs: request id on every line (Fastify adds it), user and org ids once the
 * request is authenticated. Credentials never reach a log line: these paths are censored wherever
 * they appear.
 */
export function loggerOptions(level: string): FastifyServerOptions['logger'] {
  return {
    level,
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'res.headers["set-cookie"]',
        '*.token',
        '*.apiKey',
        '*.api_key',
        '*.password',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req(request: { method: string; url: string; id: string; headers: Record<string, unknown> }) {
        // Query strings may carry a sign-in token or a signed-URL signature: log the path only.
        return { method: request.method, url: request.url.split('?')[0], reqId: request.id };
      },
    },
  };
}
