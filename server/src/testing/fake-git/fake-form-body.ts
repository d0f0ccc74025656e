import type { FakeRequest } from './fake-http-server.ts';

/**
 * The fields of a POST body, whichever way the client sent them: JSON, urlencoded, or
 * multipart/form-data (Gitbeaker sends a discussion's `position[…]` fields as a form). Text fields
 * only; nested JSON objects come back as they are.
 */
export function formFields(request: FakeRequest): Record<string, unknown> {
  const type = request.headers['content-type'] ?? '';
  if (type.startsWith('multipart/form-data')) {
    const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
    const marker = `--${boundary?.[1] ?? boundary?.[2] ?? ''}`;
    const fields: Record<string, string> = {};
    for (const part of request.body.split(marker)) {
      const split = part.indexOf('\r\n\r\n');
      if (split < 0) continue;
      const name = /name="([^"]+)"/.exec(part.slice(0, split))?.[1];
      if (name) fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
    }
    return fields;
  }
  if (type.startsWith('application/x-www-form-urlencoded'))
    return Object.fromEntries(new URLSearchParams(request.body));
  return JSON.parse(request.body || '{}') as Record<string, unknown>;
}
