import type { FastifyInstance } from 'fastify';
import { badRequest } from './errors.ts';

/** Deepest nesting of arrays and objects a JSON body may have (the body's own `{` is level 1). */
export const MAX_JSON_DEPTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/**
 * Whether JSON text nests arrays/objects deeper than `maxDepth`, in one pass without recursion (so
 * 100,000 levels cost no stack), skipping brackets inside strings. Malformed text is not judged
 * here: JSON.parse still rejects it.
 */
export function jsonNestsDeeperThan(text: string, maxDepth: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACKET || c === OPEN_BRACE) {
      if (++depth > maxDepth) return true;
    } else if ((c === CLOSE_BRACKET || c === CLOSE_BRACE) && depth > 0) {
      depth--;
    }
  }
  return false;
}

/**
 * Replaces Fastify's JSON body parser with the same parser (secure-json-parse, prototype-poisoning
 * protection, same answers for empty and invalid bodies) behind a depth check, so no recursive walk
 * after it (zod, redaction, payload caps, jsonb) ever meets a body deep enough to exhaust the stack.
 * Register it before any route; scopes that bring their own parsers (artifact uploads) keep them.
 */
export function registerJsonBodyParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, raw, done) => {
    const body = raw as string; // parseAs: 'string'
    if (jsonNestsDeeperThan(body, MAX_JSON_DEPTH)) {
      const message = `nested deeper than ${MAX_JSON_DEPTH} levels of arrays and objects`;
      done(badRequest(`Invalid body: JSON ${message}`, [{ field: 'body', message }]), undefined);
      return;
    }
    parseJson(request, body, done);
  });
}
