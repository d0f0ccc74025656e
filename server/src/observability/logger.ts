import type { FastifyServerOptions } from 'fastify';
import { pino, type DestinationStream, type LogFn, type Logger, type LoggerOptions } from 'pino';

const infoLevel = 30;

/**
 * Structured pino logs: request id on every line (Fastify adds it), user and org ids once the
 * request is authenticated. Credentials never reach a log line: these paths are censored wherever
 * they appear.
 */
export function loggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  return {
    level,
    ...(stream ? { stream } : {}),
    hooks: {
      logMethod(this: Logger, args: Parameters<LogFn>, method: LogFn, methodLevel: number) {
        // Fastify announces each address it listens on at info; the start-up banner already says
        // it for people, so the line is only for those who asked for debug.
        if (methodLevel === infoLevel && isListeningAnnouncement(args[0])) return this.debug(...args);
        return method.apply(this, args);
      },
    },
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

function isListeningAnnouncement(first: unknown): boolean {
  return typeof first === 'string' && first.startsWith('Server listening at ');
}

/**
 * The process's own log, beside the requests' (engine, housekeeping, shutdown): the same JSON
 * lines and censoring. Log errors as `{ err }` so pino writes the type, message and stack.
 */
export function processLogger(level: string, stream?: DestinationStream): Logger {
  const options = loggerOptions(level) as LoggerOptions;
  return stream ? pino(options, stream) : pino(options);
}
