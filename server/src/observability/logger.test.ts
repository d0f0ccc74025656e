import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { processLogger } from './logger.ts';

function captured() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString('utf8')) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

describe('the process logger', () => {
  it('writes an error with its type, message and stack, not only the message', () => {
    const { lines, stream } = captured();
    const log = processLogger('info', stream);

    log.error({ err: new TypeError('claim failed: connection terminated') }, 'engine error');

    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 50, msg: 'engine error' });
    const err = lines[0]!['err'] as { type: string; message: string; stack: string };
    expect(err.type).toBe('TypeError');
    expect(err.message).toBe('claim failed: connection terminated');
    expect(err.stack).toMatch(/^TypeError: claim failed[^\n]*\n\s+at /);
  });

  it('censors credentials as the request log does', () => {
    const { lines, stream } = captured();

    processLogger('info', stream).warn({ connector: { apiKey: 'sk-live-secret', name: 'Team' } }, 'retrying');

    expect(lines[0]!['connector']).toEqual({ apiKey: '[redacted]', name: 'Team' });
  });

  it('stays quiet below its level', () => {
    const { lines, stream } = captured();

    processLogger('warn', stream).info('claimed review 12');

    expect(lines).toEqual([]);
  });
});
