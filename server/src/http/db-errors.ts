import type { ErrorCode } from '@reviewtrace/contracts';

export interface MappedDbError {
  status: 400 | 409;
  code: ErrorCode;
  message: string;
}

/**
 * SQLSTATE class 23 (integrity constraint violation) as an API answer. Both `pg` and PGlite errors
 * carry the SQLSTATE in `code`. The message says what kind of rule was broken, never which table,
 * column, constraint or statement (those stay in the server log): a validation we lack or a race
 * between two requests is the caller's conflict, not an internal error.
 */
export function mapIntegrityViolation(error: unknown): MappedDbError | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !code.startsWith('23')) return undefined;
  switch (code) {
    case '23505': // unique_violation
    case '23P01': // exclusion_violation
      return { status: 409, code: 'conflict', message: 'This conflicts with an existing record' };
    case '23503': // foreign_key_violation
    case '23001': // restrict_violation
      return {
        status: 409,
        code: 'conflict',
        message: 'This refers to a record that does not exist, or removes one that is still in use',
      };
    case '23502': // not_null_violation
      return { status: 400, code: 'bad_request', message: 'A required value is missing' };
    default: // 23514 check_violation, 23000 and anything newer in the class
      return { status: 400, code: 'bad_request', message: 'A value is not allowed here' };
  }
}
