import picocolors from 'picocolors';

export type Colors = ReturnType<typeof picocolors.createColors>;

/**
 * Whether to colour one output stream. picocolors' own guess turns colour on whenever `CI` is set,
 * even into a pipe; ours follows https://no-color.org and the terminal: `NO_COLOR` (any non-empty
 * value) or `--no-color` always wins, then `FORCE_COLOR` (not `0`), else only a TTY that is not `dumb`.
 */
export function shouldColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv, flag: boolean): boolean {
  if (!flag || env['NO_COLOR']) return false;
  const force = env['FORCE_COLOR'];
  if (force !== undefined && force !== '') return force !== '0' && force !== 'false';
  return stream.isTTY === true && env['TERM'] !== 'dumb';
}

export function colorsFor(enabled: boolean): Colors {
  return picocolors.createColors(enabled);
}
