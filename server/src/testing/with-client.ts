import pg from 'pg';

/**
 * Runs `work` on one connection and always gives it back: a new connection to a URL (closed after),
 * or a client checked out of a pool (released after). One session throughout, so `set …` holds
 * for every statement of `work`; on PGlite (a pool of one) nothing else runs meanwhile.
 */
export async function withClient<T>(from: string | pg.Pool, work: (client: pg.ClientBase) => Promise<T>): Promise<T> {
  if (typeof from === 'string') {
    // Fails fast, as the app's pool does, rather than hang on a server that does not answer.
    const client = new pg.Client({ connectionString: from, connectionTimeoutMillis: 5_000 });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }
  const client = await from.connect();
  try {
    return await work(client);
  } finally {
    client.release();
  }
}
