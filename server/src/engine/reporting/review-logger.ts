import { formatLogLine, type ApiStatus, type ReviewOutcome, type Tip } from '@reviewtrace/contracts';
import type { z } from 'zod';
import type { BatchDataSchema, ModelCallDataSchema, ParseDataSchema, PostingData } from '@reviewtrace/contracts';
import type { EventWriter } from './event-writer.ts';
import type { RecordedArtifact } from '../../artifacts/artifact-recorder.ts';
import type { FileLog } from './file-log.ts';
import { UsageTally } from './usage-tally.ts';
import { redactDeep } from '../../lib/redactor.ts';
import { capPayload } from '../../lib/payload-caps.ts';
import type { EventToStore } from '../../events/review-effects.ts';

type BatchData = z.input<typeof BatchDataSchema> & { batchId: string };
type ModelCallData = z.input<typeof ModelCallDataSchema>;
type ParseData = z.input<typeof ParseDataSchema>;

export interface CompletionData {
  resultSummary: string;
  commentCount: number;
  errorSummary?: string | null;
  errorCategory?: string | null;
  tips?: Tip[];
  partial?: boolean;
  outcome?: ReviewOutcome;
  outcomeReason?: string;
  failedBatches?: string[];
}

type Held =
  | { write: () => void }
  | {
      stored: Promise<RecordedArtifact>;
      then: (data: RecordedArtifact) => void;
      failed: (error: unknown) => void;
    };

const messageOf = (error: unknown) => (error instanceof Error ? error.message : String(error));

const terminal: ReadonlySet<ApiStatus> = new Set(['success', 'failed', 'canceled']);

/**
 * The one door through which a review's progress is reported: typed methods per event type, each
 * written to the per-review text log and handed to the buffered EventWriter (never a database round
 * trip per line). Every string is redacted first. A terminal status is flushed before `status()`
 * resolves, so "the review is over" is never visible before the events that led there.
 */
export class ReviewLogger {
  private readonly usage = new UsageTally();
  /** Events and artifact writes held behind the oldest artifact still being stored, in log order. */
  private readonly pending: Held[] = [];
  /** Set while held entries are being written out; `flush()` waits for it. */
  private drained: Promise<void> | undefined;
  /** True while the drain itself writes an entry (that write must not be held again). */
  private draining = false;
  /** Why a held event could not be handed to the writer. */
  private failure: unknown;

  constructor(
    private readonly writer: EventWriter,
    private readonly review: { id: number; orgId: number },
    private readonly file: FileLog | undefined,
    /** Values to mask wherever they appear (the org's own stored secrets). */
    private readonly secrets: readonly string[] = [],
    private readonly now: () => Date = () => new Date(),
  ) {}

  log(
    level: 'debug' | 'info' | 'warn' | 'error',
    message: string,
    options: { code?: string; batchId?: string } = {},
  ): void {
    const data: Record<string, unknown> = { level, message };
    if (options.code) data['code'] = options.code;
    this.emit('log', data, { level, batchId: options.batchId });
  }

  async status(
    status: ApiStatus,
    extra: { startedAt?: Date; finishedAt?: Date; durationMs?: number } = {},
  ): Promise<void> {
    const data: Record<string, unknown> = { status };
    if (extra.startedAt) data['startedAt'] = extra.startedAt.toISOString();
    if (extra.finishedAt) data['finishedAt'] = extra.finishedAt.toISOString();
    if (extra.durationMs !== undefined) data['durationMs'] = extra.durationMs;
    // Stamped with the moment it reports, so its duration is exactly the time between its events.
    this.emit('status', data, { level: status === 'failed' ? 'error' : 'info', at: extra.finishedAt });
    if (terminal.has(status)) await this.flush();
  }

  batch(data: BatchData): void {
    const level =
      data.status === 'failed'
        ? 'error'
        : data.status === 'fallback' || data.status === 'retrying' || data.status === 'canceled'
          ? 'warn'
          : 'info';
    this.emit('batch', data, { level, batchId: data.batchId });
  }

  /** `at`: when the call's own clock measured it (its durations are differences of these). */
  modelCall(data: ModelCallData, at?: Date): void {
    if (data.phase === 'end') this.usage.callEnded(data);
    this.emit('model_call', data, { level: data.error ? 'warn' : 'info', batchId: data.batchId, at });
  }

  parse(data: ParseData): void {
    this.emit('parse', data, { level: data.outcome === 'failed' ? 'warn' : 'info', batchId: data.batchId });
  }

  /** An artifact already stored (prompt, response, diff): its previews and API path go in the event. */
  artifact(data: RecordedArtifact): void {
    this.emit('artifact', { ...data }, { level: 'info', batchId: data.batchId });
  }

  /**
   * An artifact still being stored: its event takes its place in the review's order now, and the
   * events logged after it wait (in memory, stamped when logged) until it is stored, so the batch
   * need not wait for a file write and an INSERT between its steps. A write that fails becomes an
   * error line in the artifact's place; `flush()` (the terminal status) waits for both.
   */
  artifactOnceStored(stored: Promise<RecordedArtifact>, about: { kind: string; batchId?: string }): void {
    // Stamped at its place in the order, like the events held behind it: a review's times never go back.
    const at = this.now();
    this.pending.push({
      stored,
      then: (data) => this.emit('artifact', { ...data }, { level: 'info', batchId: data.batchId, at }),
      failed: (error) =>
        this.emit(
          'log',
          {
            level: 'error',
            message: `Could not store the ${about.kind} artifact: ${messageOf(error)}`,
            code: 'artifact_failed',
          },
          { level: 'error', batchId: about.batchId, at },
        ),
    });
    this.drained ??= this.drain();
  }

  /** The fate of one finding (or of the summary, path null) when the review is posted back. */
  posting(data: PostingData): void {
    this.emit('posting', { ...data }, { level: data.outcome === 'failed' ? 'warn' : 'info' });
  }

  /** Carries the review's usage totals so far, whichever way the review ends. */
  completion(data: CompletionData): void {
    // A cancel is a user's choice, not an error: it reads as a warning.
    const level = data.errorCategory === 'canceled' ? 'warn' : data.errorSummary ? 'error' : 'info';
    this.emit('completion', { ...data, usage: this.usage.total() }, { level });
  }

  /** Everything emitted so far is stored when this resolves (artifacts still being stored included). */
  async flush(): Promise<void> {
    while (this.drained) await this.drained;
    if (this.failure !== undefined) throw this.failure;
    await this.writer.flush(this.review.id);
  }

  /** Writes the held events in the order they were logged, each artifact once its write settled. */
  private async drain(): Promise<void> {
    try {
      for (let next = this.pending.shift(); next; next = this.pending.shift()) {
        const entry = next;
        const write =
          'write' in entry
            ? entry.write
            : await entry.stored.then(
                (data) => () => entry.then(data),
                (error: unknown) => () => entry.failed(error),
              );
        this.draining = true;
        try {
          write();
        } catch (error) {
          // The writer refused (its buffer is full): `flush()` says so, as `log()` would have.
          this.failure ??= error;
        } finally {
          this.draining = false;
        }
      }
    } finally {
      this.drained = undefined;
    }
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await this.file?.close();
    }
  }

  private emit(
    type: string,
    data: Record<string, unknown>,
    meta: { level: string | null; batchId?: string | undefined; at?: Date | undefined },
  ) {
    // Behind an artifact still being stored, the event waits its turn (stamped now, written later).
    if (this.drained && !this.draining) {
      const at = meta.at ?? this.now();
      this.pending.push({ write: () => this.emit(type, data, { ...meta, at }) });
      return;
    }
    const event: EventToStore = {
      eventId: null,
      ts: meta.at ?? this.now(),
      type,
      level: meta.level,
      batchId: meta.batchId ?? null,
      data: capPayload(redactDeep(data, this.secrets)),
    };
    // The line is built from the already-redacted payload.
    this.file?.append(
      formatLogLine({
        seq: 0,
        type,
        time: event.ts.toISOString(),
        level: event.level,
        batchId: event.batchId,
        data: event.data,
      }),
    );
    this.writer.write(this.review, event);
  }
}
