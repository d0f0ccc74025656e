import { z } from 'zod';

/**
 * Every URL we store and may render as a link: http or https only, so a `javascript:`, `data:` or
 * `file:` URL can never become a clickable href in the web app.
 */
export const httpUrl = z.url({ protocol: /^https?$/, message: 'expected an http(s) URL' }).max(2000);

/** For values that did not come through `httpUrl` (stored by other writers, free-form metadata). */
export function isHttpUrl(value: unknown): value is string {
  return httpUrl.safeParse(value).success;
}
