/**
 * Internal names (batch ids, parse strategies) put into words, for every place a person reads
 * them: the web app, the log lines (event-text.ts) and the downloaded log.
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
  const howText = strategyHow[how] ?? identifierWords(how);
  const sourceText = strategySource[source] ?? identifierWords(source);
  return `${howText[0]!.toUpperCase()}${howText.slice(1)} (JSON taken from ${sourceText})`;
}

/** `connectorId`, `whole_text` → "connector id", "whole text": an identifier read as words. */
export function identifierWords(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_.+-]+/g, ' ')
    .trim()
    .toLowerCase();
}
