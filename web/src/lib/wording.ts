/**
 * Internal names (batch ids, parse strategies, request field paths) put into words for the screen.
 * Unknown values still read as words rather than identifiers.
 */

import { identifierWords } from '@reviewtrace/contracts';

export { batchLabel, batchList, parseStrategyLabel } from '@reviewtrace/contracts';

const fieldNames: Record<string, string> = {
  prMrUrl: 'Pull/merge request URL',
  diff: 'Unified diff',
  title: 'Title',
  connectorId: 'Connector',
  repository: 'Repository',
  branch: 'Branch',
  commitHash: 'Commit',
  gitProvider: 'Git provider',
  engine: 'Engine',
};

/** A 400's field path (`body.prMrUrl`) as the form's own label ("Pull/merge request URL"). */
export function fieldLabel(field: string): string {
  const name = field.replace(/^(body|query|params)\.?/, '');
  if (name === '') return 'Request';
  return fieldNames[name] ?? capitalized(identifierWords(name));
}

const capitalized = (text: string) => (text ? `${text[0]!.toUpperCase()}${text.slice(1)}` : text);
