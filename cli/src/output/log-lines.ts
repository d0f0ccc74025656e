import { eventLevel, eventMessage, type ReviewEvent } from '@reviewtrace/contracts';
import type { Colors } from './colors.ts';

/**
 * One event as the log download writes it (`2025-09-24T11:44:44.601Z INFO  [batch-1] message`,
 * contracts' event-text), with the level coloured when colour is on. The words come from the same
 * functions as the download and the web log panel, so the three never disagree.
 */
export function formatEventLine(event: ReviewEvent, colors: Colors): string {
  const level = eventLevel(event);
  const batch = event.batchId ? `${colors.cyan(`[${event.batchId}]`)} ` : '';
  const message = eventMessage(event).replace(/\r?\n/g, '\n    ');
  return `${colors.dim(event.time)} ${colorLevel(level, colors)} ${batch}${message}`;
}

/** A line of the text download (`<time> <LEVEL> …`) with its level coloured; other lines as they are. */
export function colorDownloadedLine(line: string, colors: Colors): string {
  const match = /^(\S+) (DEBUG|INFO |WARN |ERROR)(.*)$/.exec(line);
  if (!match) return line;
  const [, time, level, rest] = match;
  return `${colors.dim(time!)} ${colorLevel(level!.trim().toLowerCase(), colors)}${rest}`;
}

function colorLevel(level: string, colors: Colors): string {
  const label = level.toUpperCase().padEnd(5);
  switch (level) {
    case 'error':
      return colors.red(colors.bold(label));
    case 'warn':
      return colors.yellow(label);
    case 'debug':
      return colors.gray(label);
    default:
      return colors.green(label);
  }
}
