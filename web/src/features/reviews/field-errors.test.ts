import { describe, expect, it } from 'vitest';
import { ApiError } from '../../lib/http.ts';
import { fieldMessages } from './field-errors.ts';

describe('a 400’s field messages', () => {
  it('go under the field they name; the others stay in the summary', () => {
    const error = new ApiError(400, 'bad_request', 'The request is invalid', [
      { field: 'body.diff', message: 'this is not a unified diff' },
      { field: 'body.engine', message: 'unknown engine' },
      'not a field error',
    ]);
    expect(fieldMessages(error, ['diff', 'prMrUrl'])).toEqual({
      byField: { diff: ['this is not a unified diff'] },
      rest: [{ field: 'engine', message: 'unknown engine' }],
    });
  });

  it('are none for other errors', () => {
    expect(fieldMessages(new Error('boom'), ['diff'])).toEqual({ byField: {}, rest: [] });
  });
});
