import { CliError } from './errors.ts';

/** Where the server is and who we are: flags win over the environment. */
export interface Connection {
  /** The server as the user wrote it, for messages ("cannot reach http://…"). */
  serverUrl: string;
  /** `…/api/v1`, which every API path is relative to. */
  apiRoot: string;
  token: string;
  /** What the user set the token with, so a refusal names the thing to fix. */
  tokenSource: '--token' | 'REVIEWTRACE_TOKEN';
  /** `X-Org-Context`, for users in more than one org. */
  org: string | undefined;
}

export interface ConnectionFlags {
  url?: string;
  token?: string;
  org?: string;
}

/** What `npm start` listens on by default (api.md, "Running it"). */
export const DEFAULT_SERVER_URL = 'http://127.0.0.1:3000';

export function resolveConnection(flags: ConnectionFlags, env: NodeJS.ProcessEnv): Connection {
  const rawUrl = flags.url ?? (env['REVIEWTRACE_URL'] || DEFAULT_SERVER_URL);
  if (!URL.canParse(rawUrl) || !/^https?:$/.test(new URL(rawUrl).protocol)) {
    const source = flags.url === undefined ? 'REVIEWTRACE_URL' : '--url';
    throw new CliError(`${source} is not an http(s) URL: ${rawUrl}`);
  }
  const token = flags.token ?? env['REVIEWTRACE_TOKEN'];
  if (!token) {
    throw new CliError(
      'not signed in: set REVIEWTRACE_TOKEN (or pass --token) to an API token; `npm run admin -- token <email>` prints one',
    );
  }
  if (flags.org !== undefined && !/^\d+$/.test(flags.org))
    throw new CliError(`--org must be an org id, not ${flags.org}`);
  return {
    serverUrl: rawUrl,
    apiRoot: apiRootOf(rawUrl),
    token,
    tokenSource: flags.token === undefined ? 'REVIEWTRACE_TOKEN' : '--token',
    org: flags.org,
  };
}

/** Accepts the server's address with or without the `/api/v1` people copy from the API docs. */
function apiRootOf(serverUrl: string): string {
  const url = new URL(serverUrl);
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${url.origin}${path}/api/v1`;
}
