import { describe, expect, it } from 'vitest';
import {
  initialConnection,
  nextConnection,
  shownAsOf,
  type ConnectionSignal,
  type ConnectionState,
} from './connection.ts';

const run = (signals: ConnectionSignal[], from: ConnectionState = initialConnection) => {
  const modes: string[] = [];
  let state = from;
  for (const signal of signals) {
    state = nextConnection(state, signal);
    modes.push(state.mode);
  }
  return { state, modes };
};

const unreachable = { type: 'stream-lost', reason: 'no answer', unreachable: true } as const;
const pollUnreachable = { type: 'poll-failed', reason: 'no answer', unreachable: true } as const;

describe('the connection state machine', () => {
  it('connecting → live → reconnecting → offline → live', () => {
    const { modes, state } = run([
      { type: 'stream-flowing', transport: 'sse' },
      { type: 'data', at: 1000 },
      unreachable, // the server went away: may be a blip
      unreachable, // the retry got no answer either
      { type: 'stream-flowing', transport: 'sse' }, // it answers again
    ]);
    expect(modes).toEqual(['live', 'live', 'reconnecting', 'offline', 'live']);
    expect(state.lastUpdateAt).toBe(1000);
  });

  it('stays offline while retries are started and fail: no flip to "Updating every 5 s"', () => {
    const offline = run([
      { type: 'stream-flowing', transport: 'sse' },
      { type: 'data', at: 1000 },
      unreachable,
      unreachable,
    ]).state;
    const { modes, state } = run(
      [
        { type: 'polling-started', reason: 'dropped twice' },
        pollUnreachable,
        unreachable,
        { type: 'polling-started', reason: 'dropped again' },
        { type: 'stream-buffered', reason: 'silent' },
        pollUnreachable,
      ],
      offline,
    );
    expect(modes.every((mode) => mode === 'offline')).toBe(true);
    expect(state.lastUpdateAt).toBe(1000);
  });

  it('live → polling (buffering) → offline → polling', () => {
    const { modes, state } = run([
      { type: 'stream-flowing', transport: 'sse' },
      { type: 'stream-buffered', reason: 'Heartbeats stopped arriving.' },
      { type: 'poll-succeeded', at: 2000 },
      pollUnreachable,
      unreachable, // the SSE probe fails too
      { type: 'poll-succeeded', at: 9000 },
    ]);
    expect(modes).toEqual(['live', 'polling', 'polling', 'offline', 'offline', 'polling']);
    expect(state.lastUpdateAt).toBe(9000);
  });

  it('a server that answers with an error is reachable: polling, not offline', () => {
    const { modes } = run([
      { type: 'stream-lost', reason: 'closed', unreachable: false },
      { type: 'stream-lost', reason: 'closed', unreachable: false },
      { type: 'polling-started', reason: 'closed' },
      { type: 'poll-failed', reason: '500', unreachable: false },
    ]);
    expect(modes).toEqual(['reconnecting', 'reconnecting', 'polling', 'polling']);
  });

  it('a poll beside a live stream on probation keeps it live', () => {
    const { modes } = run([
      { type: 'stream-flowing', transport: 'sse' },
      { type: 'poll-succeeded', at: 5 },
    ]);
    expect(modes).toEqual(['live', 'live']);
  });

  it('the browser going offline says so at once', () => {
    expect(run([{ type: 'stream-flowing', transport: 'sse' }, { type: 'browser-offline' }]).state).toMatchObject({
      mode: 'offline',
      reason: 'Your browser is offline.',
    });
  });

  it('finished is final: late polls, frames and drops do not revive it', () => {
    const { modes } = run([
      { type: 'stream-flowing', transport: 'sse' },
      { type: 'ended' },
      { type: 'poll-succeeded', at: 1 },
      unreachable,
      { type: 'stream-flowing', transport: 'sse' },
    ]);
    expect(modes).toEqual(['live', 'ended', 'ended', 'ended', 'ended']);
  });

  it('a lapsed session is final and says why', () => {
    const { state, modes } = run([
      { type: 'stream-flowing', transport: 'sse' },
      { type: 'fatal', reason: 'Your session has expired; sign in again.' },
      { type: 'ended' },
      { type: 'stream-flowing', transport: 'sse' },
    ]);
    expect(modes).toEqual(['live', 'offline', 'offline', 'offline']);
    expect(state).toMatchObject({ fatal: true, reason: 'Your session has expired; sign in again.' });
  });

  it('clocks stop at the last update only while offline', () => {
    const live: ConnectionState = { mode: 'live', lastUpdateAt: 1000 };
    expect(shownAsOf(live)).toBeNull();
    expect(shownAsOf({ ...live, mode: 'offline' })).toBe(1000);
    expect(shownAsOf({ ...live, mode: 'polling' })).toBeNull();
  });
});
