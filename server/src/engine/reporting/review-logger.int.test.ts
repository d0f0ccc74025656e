import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/database.ts';
import { makeOrg, makeReview } from '../../testing/factories.ts';
import { openTestDatabase, testDatabaseKind } from '../../testing/test-database.ts';
import { EventWriter, EventWriterUnavailableError } from './event-writer.ts';
import { FileLog } from './file-log.ts';
import { ReviewLogger } from './review-logger.ts';
import type { RecordedArtifact } from '../../artifacts/artifact-recorder.ts';

const storedArtifact: RecordedArtifact = {
  artifactId: '0b6f3c9e-6a51-4d0e-9a53-3f1a4c2d9e10',
  kind: 'prompt',
  sizeBytes: 12,
  previewHead: 'Review this',
  previewTail: 'diff',
  url: '/api/v1/artifacts/0b6f3c9e-6a51-4d0e-9a53-3f1a4c2d9e10/content',
};

describe(`ReviewLogger on ${testDatabaseKind}`, () => {
  let database: Database;
  let orgId: number;
  let writer: EventWriter;
  const logDir = mkdtempSync(path.join(tmpdir(), 'rt-logs-'));

  beforeAll(async () => {
    database = await openTestDatabase();
    orgId = await makeOrg(database.db);
    writer = new EventWriter(database.db);
  });
  afterAll(async () => {
    await writer.close();
    await database.close();
  });

  const storedEvents = (reviewId: number) =>
    database.db
      .selectFrom('review_events')
      .select(['seq', 'event_type', 'level', 'batch_id', 'data'])
      .where('review_id', '=', reviewId)
      .orderBy('seq')
      .execute();

  it('stores every event in the order written, and the terminal status only after them', async () => {
    const reviewId = await makeReview(database.db, orgId, { status: 'created', startedAt: null, completedAt: null });
    const logger = new ReviewLogger(writer, { id: reviewId, orgId }, new FileLog(logDir, reviewId));
    await logger.status('running');
    for (let i = 1; i <= 450; i++) logger.log('info', `line ${i}`);
    logger.batch({ batchId: 'batch-1', status: 'running', fileCount: 2, tokenEstimate: 900 });
    logger.modelCall({
      batchId: 'batch-1',
      provider: 'ollama',
      model: 'qwen',
      streaming: true,
      attempt: 1,
      phase: 'start',
    });
    logger.parse({ batchId: 'batch-1', outcome: 'ok' });
    logger.batch({ batchId: 'batch-1', status: 'success', commentCount: 1 });
    logger.completion({ resultSummary: 'One finding', commentCount: 1 });
    await logger.status('success');

    const events = await storedEvents(reviewId);
    expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 457 }, (_, i) => i + 1));
    expect(events.slice(1, 451).map((e) => (e.data as { message: string }).message)).toEqual(
      Array.from({ length: 450 }, (_, i) => `line ${i + 1}`),
    );
    expect(events.at(-1)).toMatchObject({ event_type: 'status', data: { status: 'success' } });
    const review = await database.db
      .selectFrom('reviews')
      .select(['status', 'comment_count', 'batches_total', 'batches_done'])
      .where('id', '=', reviewId)
      .executeTakeFirstOrThrow();
    expect(review).toEqual({ status: 'completed', comment_count: 1, batches_total: 1, batches_done: 1 });

    await logger.close();
    const fileLines = readFileSync(path.join(logDir, `review-${reviewId}.log`), 'utf8')
      .trimEnd()
      .split('\n');
    expect(fileLines).toHaveLength(457);
    expect(fileLines[1]).toMatch(/Z INFO {2}line 1$/);
  });

  it('keeps an artifact still being stored in its place: later events wait, stamped when logged', async () => {
    const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
    const clock = { at: Date.parse('2026-12-06T01:00:00Z') };
    const logger = new ReviewLogger(writer, { id: reviewId, orgId }, new FileLog(logDir, reviewId), [], () => {
      clock.at += 1_000;
      return new Date(clock.at);
    });
    let store!: (artifact: RecordedArtifact) => void;
    let fail!: (error: Error) => void;
    logger.log('info', 'before');
    logger.artifactOnceStored(new Promise((resolve) => (store = resolve)), { kind: 'prompt', batchId: 'batch-1' });
    logger.log('info', 'during the write');
    logger.artifactOnceStored(new Promise((_, reject) => (fail = reject)), { kind: 'response', batchId: 'batch-1' });
    logger.log('info', 'after both');
    const closed = logger.close();
    store({ ...storedArtifact, batchId: 'batch-1' });
    fail(new Error('disk full'));
    await closed;

    const events = await storedEvents(reviewId);
    expect(events.map((e) => [e.event_type, (e.data as { message?: string }).message])).toEqual([
      ['log', 'before'],
      ['artifact', undefined],
      ['log', 'during the write'],
      ['log', 'Could not store the response artifact: disk full'],
      ['log', 'after both'],
    ]);
    expect(events[1]).toMatchObject({ batch_id: 'batch-1', data: { artifactId: storedArtifact.artifactId } });
    expect(events[3]).toMatchObject({ level: 'error', batch_id: 'batch-1', data: { code: 'artifact_failed' } });
    const stamps = await database.db
      .selectFrom('review_events')
      .select('ts')
      .where('review_id', '=', reviewId)
      .orderBy('seq')
      .execute();
    // Each event is stamped when it took its place (one clock read each, in order), not when the
    // artifact's write let it through: the review's times never go back.
    expect(stamps.map((s) => s.ts.toISOString())).toEqual([
      '2026-12-06T01:00:01.000Z',
      '2026-12-06T01:00:02.000Z',
      '2026-12-06T01:00:03.000Z',
      '2026-12-06T01:00:04.000Z',
      '2026-12-06T01:00:05.000Z',
    ]);
    const fileLines = readFileSync(path.join(logDir, `review-${reviewId}.log`), 'utf8')
      .trimEnd()
      .split('\n');
    expect(fileLines).toHaveLength(5);
    expect(fileLines[2]).toMatch(/during the write$/);
  });

  it('keeps 20 concurrent reviews apart, each gap-free', async () => {
    const reviews = await Promise.all(
      Array.from({ length: 20 }, () => makeReview(database.db, orgId, { status: 'in_progress' })),
    );
    await Promise.all(
      reviews.map(async (id) => {
        const logger = new ReviewLogger(writer, { id, orgId }, undefined);
        for (let i = 1; i <= 300; i++) logger.log('debug', `review ${id} line ${i}`);
        await logger.flush();
      }),
    );
    for (const id of reviews) {
      const events = await storedEvents(id);
      expect(events.map((e) => e.seq)).toEqual(Array.from({ length: 300 }, (_, i) => i + 1));
      expect(events.every((e) => (e.data as { message: string }).message.startsWith(`review ${id} `))).toBe(true);
    }
  });

  it('redacts secrets, including the org’s own, in events and in the file log', async () => {
    const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
    const logger = new ReviewLogger(writer, { id: reviewId, orgId }, new FileLog(logDir, reviewId), [
      'my-org-secret-value',
    ]);
    logger.log(
      'error',
      'GitHub said 401 for token ghp_abcdefghijklmnopqrstuvwxyz0123456789 and key my-org-secret-value',
    );
    await logger.close();
    const [event] = await storedEvents(reviewId);
    const message = (event!.data as { message: string }).message;
    expect(message).not.toContain('ghp_abcdefghijklmnopqrstuvwxyz0123456789');
    expect(message).not.toContain('my-org-secret-value');
    const file = readFileSync(path.join(logDir, `review-${reviewId}.log`), 'utf8');
    expect(file).not.toContain('ghp_abcdef');
    expect(file).not.toContain('my-org-secret-value');
  });
});

describe(`EventWriter when the database is gone on ${testDatabaseKind}`, () => {
  it('fails flush with a clear reason and refuses new events once its buffer is full', async () => {
    const database = await openTestDatabase();
    const orgId = await makeOrg(database.db);
    const reviewId = await makeReview(database.db, orgId, { status: 'in_progress' });
    const writer = new EventWriter(database.db, { flushMs: 1, batchSize: 10, maxBuffered: 25, retryMs: 60_000 });
    const logger = new ReviewLogger(writer, { id: reviewId, orgId }, undefined);
    await database.close();

    for (let i = 0; i < 5; i++) logger.log('info', `line ${i}`);
    await expect(logger.flush()).rejects.toThrow(EventWriterUnavailableError);
    await expect(logger.flush()).rejects.toThrow(/Could not store review events/);
    expect(() => {
      for (let i = 0; i < 30; i++) logger.log('info', `more ${i}`);
    }).toThrow(/not accepting review events \(25 waiting/);
    expect(writer.bufferedEvents).toBe(25);
  });
});
