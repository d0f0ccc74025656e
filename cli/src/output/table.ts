/** Printable width: ANSI colour codes take no columns. */
// eslint-disable-next-line no-control-regex
const visibleLength = (text: string) => text.replace(/\x1b\[[0-9;]*m/g, '').length;

/** Left-aligned columns two spaces apart, like `gh`'s and `kubectl`'s lists: easy to read and to `awk`. */
export function renderTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((header, column) =>
    Math.max(visibleLength(header), ...rows.map((row) => visibleLength(row[column] ?? ''))),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) =>
        column === cells.length - 1 ? cell : cell + ' '.repeat(widths[column]! - visibleLength(cell)),
      )
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)].join('\n');
}

/** Shortens to `max` characters with an ellipsis, so one long title does not push every column off screen. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
