import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import type { ErrorCode, ErrorEnvelope, FieldError } from '@reviewtrace/contracts';
import { HttpError } from './errors.ts';
import { mapIntegrityViolation } from './db-errors.ts';

/** Every non-2xx JSON response goes out in the one envelope; 500s never carry stacks or SQL. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      return send(reply, error.statusCode, error.code, error.message, error.details, error.headers);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'request';
      const details: FieldError[] = error.validation.map((issue) => ({
        field: [where, ...pathOf(issue.instancePath)].join('.'),
        message: issue.message ?? 'invalid',
      }));
      return send(reply, 400, 'bad_request', `Invalid ${where}: ${details.map((d) => d.field).join(', ')}`, details);
    }
    const status = error.statusCode ?? 500;
    if (status === 413) return send(reply, 413, 'payload_too_large', 'The request body is too large');
    if (status === 415) {
      return send(reply, 400, 'bad_request', error.message, [{ field: 'content-type', message: error.message }]);
    }
    if (status >= 400 && status < 500) {
      // Fastify's own client errors: malformed JSON, empty body, bad content length…
      const code: ErrorCode = status === 404 ? 'not_found' : status === 429 ? 'rate_limited' : 'bad_request';
      return send(
        reply,
        status === 404 || status === 429 ? status : 400,
        code,
        error.message,
        code === 'bad_request' ? [{ field: 'body', message: error.message }] : undefined,
      );
    }
    const violation = mapIntegrityViolation(error);
    if (violation) {
      // Usually a check we lack before writing, or two requests racing: worth a look, not a 500.
      request.log.warn({ err: error }, 'integrity constraint violation');
      const details = violation.code === 'bad_request' ? [{ field: 'body', message: violation.message }] : undefined;
      return send(reply, violation.status, violation.code, violation.message, details);
    }
    if (isDataException(error)) {
      // PostgreSQL refused a value (a NUL byte, an out-of-range date…): the caller's input, not our fault.
      return send(reply, 400, 'bad_request', `A value could not be stored: ${error.message}`, [
        { field: 'body', message: error.message },
      ]);
    }
    if (isDatabaseUnavailable(error)) {
      request.log.warn({ err: error }, 'database unavailable');
      return send(reply, 503, 'unavailable', 'The database is not reachable; try again shortly', undefined, {
        'retry-after': '5',
      });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, 'internal', `Internal error (request ${request.id})`);
  });

  app.setNotFoundHandler((request, reply) =>
    send(reply, 404, 'not_found', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}

function send(
  reply: FastifyReply,
  status: number,
  code: ErrorCode,
  message: string,
  details?: unknown,
  headers: Record<string, string> = {},
) {
  const body: ErrorEnvelope = { error: { code, message, ...(details === undefined ? {} : { details }) } };
  return reply.status(status).headers(headers).type('application/json; charset=utf-8').send(body);
}

function pathOf(instancePath: string): string[] {
  return instancePath.split('/').filter(Boolean);
}

const unavailableCodes = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', '57P01', '57P03', '08006', '08001']);

/** SQLSTATE class 22: data exception. */
function isDataException(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code);
}

function isDatabaseUnavailable(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && unavailableCodes.has(code)) return true;
  const message = error instanceof Error ? error.message : '';
  return /timeout exceeded when trying to connect|Connection terminated/i.test(message);
}
