import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectorTestResultSchema, EventsPageSchema, MeSchema, type Me } from '@reviewtrace/contracts';
import { ApiError, apiRequest, apiSend } from './http.ts';

const me: Me = {
  userId: 7,
  email: 'ada@example.com',
  orgId: 1,
  role: 'owner',
  orgIds: [1],
  orgs: [{ id: 1, name: 'Acme' }],
  permissions: { ingest: true, viewFullArtifacts: true, manageSettings: true, readAllOrgs: false },
};

/** The network edge: each test says what the server answers. */
function serverAnswers(status: number, body?: unknown, contentType = 'application/json') {
  const fetchStub = vi.fn(async () =>
    body === undefined
      ? new Response(null, { status })
      : new Response(typeof body === 'string' ? body : JSON.stringify(body), {
          status,
          headers: { 'content-type': contentType },
        }),
  );
  vi.stubGlobal('fetch', fetchStub);
  return fetchStub;
}

async function failureOf(request: Promise<unknown>): Promise<ApiError> {
  const error = await request.then(
    () => null,
    (failure: unknown) => failure,
  );
  if (!(error instanceof ApiError)) throw new Error(`expected an ApiError, got ${String(error)}`);
  return error;
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('apiRequest', () => {
  it('resolves to the body as the contract parses it', async () => {
    serverAnswers(200, me);
    await expect(apiRequest(MeSchema, '/api/v1/me')).resolves.toEqual(me);
  });

  it('sends JSON with the session cookie', async () => {
    const fetchStub = serverAnswers(200, { ok: true, message: 'Reachable', latencyMs: 12 });
    await apiRequest(ConnectorTestResultSchema, '/api/v1/connectors/3/test', { method: 'POST', body: { a: 1 } });
    expect(fetchStub).toHaveBeenCalledWith(
      '/api/v1/connectors/3/test',
      expect.objectContaining({
        method: 'POST',
        credentials: 'same-origin',
        body: '{"a":1}',
        headers: { accept: 'application/json', 'content-type': 'application/json' },
      }),
    );
  });

  it('fails loudly on a drifted response, naming the request and the first field that does not match', async () => {
    // The server renamed a field and changed a role: the page must not render `undefined` for them.
    const { permissions: _renamed, ...rest } = me;
    serverAnswers(200, { ...rest, role: 'admin', perms: me.permissions });
    const error = await failureOf(apiRequest(MeSchema, '/api/v1/me'));
    expect(error.code).toBe('contract');
    expect(error.status).toBe(200);
    expect(error.message).toMatch(/^Unexpected response from GET \/api\/v1\/me: role: /);
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ path: ['role'] }),
        expect.objectContaining({ path: ['permissions'] }),
      ]),
    );
  });

  it('names a nested field by its path', async () => {
    serverAnswers(200, {
      events: [{ seq: 1, reviewId: 4, type: 'log', time: '2026-01-01T00:00:00Z', level: 'info', data: {} }],
      nextCursor: 1,
      hasMore: false,
      reviewStatus: 'running',
    });
    const error = await failureOf(apiRequest(EventsPageSchema, '/api/v1/reviews/4/events?after=0'));
    expect(error.code).toBe('contract');
    expect(error.message).toMatch(
      /^Unexpected response from GET \/api\/v1\/reviews\/4\/events\?after=0: events\.0\.batchId: /,
    );
  });

  it('treats a body that is not JSON as a contract failure', async () => {
    serverAnswers(200, '<html>proxy login</html>', 'text/html');
    const error = await failureOf(apiRequest(MeSchema, '/api/v1/me'));
    expect(error.code).toBe('contract');
    expect(error.message).toBe('Unexpected response from GET /api/v1/me: the body is not JSON');
  });

  it('treats an empty answer where a body was promised as a contract failure', async () => {
    serverAnswers(204);
    const error = await failureOf(apiRequest(MeSchema, '/api/v1/me'));
    expect(error.code).toBe('contract');
  });

  it('turns the error envelope into an ApiError with its code and message', async () => {
    const details = [{ field: 'body.name', message: 'Too small' }];
    serverAnswers(400, { error: { code: 'bad_request', message: 'Invalid request', details } });
    const error = await failureOf(apiRequest(MeSchema, '/api/v1/connectors', { method: 'POST', body: {} }));
    expect({ status: error.status, code: error.code, message: error.message, details: error.details }).toEqual({
      status: 400,
      code: 'bad_request',
      message: 'Invalid request',
      details,
    });
  });

  it('says the server could not be reached when the network fails', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => {
        throw new TypeError('Failed to fetch');
      }),
    );
    const error = await failureOf(apiRequest(MeSchema, '/api/v1/me'));
    expect({ status: error.status, code: error.code }).toEqual({ status: 0, code: 'network' });
  });
});

describe('apiSend', () => {
  it('resolves without reading a body for a 204', async () => {
    serverAnswers(204);
    await expect(apiSend('/api/v1/connectors/3', { method: 'DELETE' })).resolves.toBeUndefined();
  });

  it('fails with the error envelope like apiRequest', async () => {
    serverAnswers(403, { error: { code: 'forbidden', message: 'Owners only' } });
    const error = await failureOf(apiSend('/api/v1/connectors/3', { method: 'DELETE' }));
    expect({ status: error.status, code: error.code, message: error.message }).toEqual({
      status: 403,
      code: 'forbidden',
      message: 'Owners only',
    });
  });
});
