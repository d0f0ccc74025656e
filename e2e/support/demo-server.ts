import { cpSync } from 'node:fs';
import { inject } from 'vitest';
import { startServer, tempDataDir, type RunningServer } from '../../server/src/testing/processes.ts';

export interface DemoServer {
  server: RunningServer;
  baseUrl: string;
  /** The one-click sign-in link printed for a demo user. */
  signInLink(email: string): string;
  /** The JWT inside that link, for API calls the way an operator's script makes them. */
  tokenOf(email: string): string;
  api<T>(
    email: string,
    path: string,
    init?: { method?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<T>;
  stop(): Promise<unknown>;
}

/**
 * `npm start`'s server (demo data, embedded database) on a free port, with its printed sign-in links.
 * Without a DATA_DIR it starts from a copy of the global setup's demo (its history already replayed:
 * demo-template.ts, whose own start is the real first start); an empty DATA_DIR would replay it again.
 */
export async function startDemoServer(env: Record<string, string> = {}): Promise<DemoServer> {
  const server = await startServer({
    DATA_DIR: env['DATA_DIR'] ?? demoDataDir(),
    // The demo always has a review of its own running: a short grace ends each file's server in
    // about a second instead of eight (that review goes back to the queue, as on any stop).
    SHUTDOWN_GRACE_MS: '1000',
    ...env,
  });
  const links = new Map<string, string>();
  // The links follow the "running at" line; wait for the whole list (the last one is Globex's member).
  for (let attempt = 0; !links.has('member@globex.demo') && attempt < 100; attempt++) {
    for (const match of server.output().matchAll(/(\S+@\S+\.demo)\s+(http:\/\/\S+\/auth\/sign-in\?token=\S+)/g)) {
      links.set(match[1]!, match[2]!);
    }
    if (!links.has('member@globex.demo')) await new Promise((resolve) => server.child.stdout.once('data', resolve));
  }
  const signInLink = (email: string) => {
    const link = links.get(email);
    if (!link) throw new Error(`no sign-in link for ${email} in:\n${server.output()}`);
    return link;
  };
  const tokenOf = (email: string) => new URL(signInLink(email)).searchParams.get('token')!;
  return {
    server,
    baseUrl: server.baseUrl,
    signInLink,
    tokenOf,
    async api<T>(
      email: string,
      path: string,
      init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
    ) {
      const response = await fetch(new URL(path, server.baseUrl), {
        method: init.method ?? 'GET',
        headers: {
          authorization: `Bearer ${tokenOf(email)}`,
          ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
          ...init.headers,
        },
        body:
          init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : JSON.stringify(init.body),
      });
      const text = await response.text();
      if (!response.ok) throw new Error(`${init.method ?? 'GET'} ${path} → ${response.status}: ${text}`);
      return (text ? JSON.parse(text) : undefined) as T;
    },
    stop: () => server.stop(),
  };
}

export const OWNER = 'owner@acme.demo';
export const MEMBER = 'member@acme.demo';
export const SUPER_ADMIN = 'super-admin@acme.demo';

/** A data directory of its own holding the demo with its whole history (a copy of the global setup's). */
export function demoDataDir(): string {
  const dir = tempDataDir();
  cpSync(inject('demoTemplateDir'), dir, { recursive: true });
  return dir;
}
