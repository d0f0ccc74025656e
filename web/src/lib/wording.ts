/**
 * Internal names (batch ids, parse strategies, request field paths) put into words for the screen.
 * Unknown values still read as words rather than identifiers.
 */

/** `batch-3` → "Batch 3"; any other id → "Batch <id>". */
export function batchLabel(batchId: string | null | undefined): string {
  if (!batchId) return 'Batch';
  const numbered = /^batch[-_ ]?(\d+)$/i.exec(batchId);
  return `Batch ${numbered ? numbered[1] : batchId}`;
}

/** "Batch 1, Batch 2 and Batch 3". */
export function batchList(batchIds: readonly string[]): string {
  const labels = batchIds.map(batchLabel);
  return labels.length <= 1 ? (labels[0] ?? '') : `${labels.slice(0, -1).join(', ')} and ${labels.at(-1)}`;
}

const strategyHow: Record<string, string> = {
  json: 'read as valid JSON',
  jsonrepair: 'repaired malformed JSON',
  jsonrepair_cut: 'repaired: cut after the last complete comment',
};
const strategySource: Record<string, string> = {
  fenced_block: 'the fenced code block',
  whole_text: 'the whole answer',
  outer_object: 'the outermost JSON object',
};

/** The server's parse strategy (`<source>+<how>`, e.g. `whole_text+jsonrepair_cut`) as a sentence. */
export function parseStrategyLabel(strategy: string): string {
  const [source = '', how = 'json'] = strategy.split('+');
  const howText = strategyHow[how] ?? words(how);
  const sourceText = strategySource[source] ?? words(source);
  return `${howText[0]!.toUpperCase()}${howText.slice(1)} (JSON taken from ${sourceText})`;
}

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
  return fieldNames[name] ?? capitalized(words(name));
}

function words(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.+-]+/g, ' ')
    .trim()
    .toLowerCase();
}

const capitalized = (text: string) => (text ? `${text[0]!.toUpperCase()}${text.slice(1)}` : text);
