import { useState } from 'react';
import { EventsPageSchema } from '@reviewtrace/contracts';
import { apiRequest } from '../../../lib/http.ts';
import { apiPaths } from '../../../lib/paths.ts';
import type { LogSearch } from './useLogSearch.ts';
import { useLogShortcuts } from './useLogShortcuts.ts';
import type { GoToLineOptions } from './usePermalink.ts';

interface LogKeysOptions {
  reviewId: number;
  search: LogSearch;
  /** Where "next error" looks from: the selected line, else the first line in view. */
  errorAnchor: () => number;
  goToLine: (seq: number, options?: GoToLineOptions) => void;
  goLatest: () => void;
  say: (notice: string) => void;
}

export interface LogKeys {
  nextError: () => Promise<void>;
  goToMatch: (which: 'next' | 'previous') => Promise<void>;
  helpOpen: boolean;
  setHelpOpen: (open: boolean) => void;
}

/**
 * The log's navigation actions, shared by its toolbar buttons and its keyboard shortcuts (so a key
 * and its button cannot drift apart), and the `?` overlay that lists the keys.
 */
export function useLogKeys({ reviewId, search, errorAnchor, goToLine, goLatest, say }: LogKeysOptions): LogKeys {
  const [helpOpen, setHelpOpen] = useState(false);

  // The next error after the anchor, wrapping round to the first one: the server searches the whole
  // log, of which the browser may hold only a window.
  const nextError = async () => {
    const anchor = errorAnchor();
    const find = (after: number) =>
      apiRequest(EventsPageSchema, apiPaths.reviewEvents(reviewId, { after, level: 'error', limit: 1 }));
    try {
      let page = await find(anchor);
      if (page.events.length === 0 && anchor > 0) page = await find(0);
      const hit = page.events[0];
      if (hit) goToLine(hit.seq, { intoPage: true });
      else say('No errors in this log.');
    } catch (error) {
      say(error instanceof Error ? error.message : 'Could not look for errors');
    }
  };

  const goToMatch = async (which: 'next' | 'previous') => {
    const seq = which === 'next' ? await search.next() : search.previous();
    if (seq !== undefined) goToLine(seq);
  };

  const focusSearch = () => {
    const input = document.getElementById(`log-search-${reviewId}`);
    input?.scrollIntoView({ block: 'nearest' });
    input?.focus();
  };

  useLogShortcuts({
    latest: goLatest,
    nextError: () => void nextError(),
    match: (which) => void goToMatch(which),
    focusSearch,
    toggleHelp: () => setHelpOpen((open) => !open),
  });

  return { nextError, goToMatch, helpOpen, setHelpOpen };
}
