import { useEffect, useRef } from 'react';

export interface LogShortcutActions {
  latest: () => void;
  nextError: () => void;
  match: (which: 'next' | 'previous') => void;
  focusSearch: () => void;
  toggleHelp: () => void;
}

/** The log's keys, listed by the `?` overlay (one table, so the list cannot drift from what works). */
export const logShortcuts: { keys: string[]; what: string }[] = [
  { keys: ['/'], what: 'Search the whole log' },
  { keys: ['n'], what: 'Next search match' },
  { keys: ['N'], what: 'Previous search match' },
  { keys: ['e'], what: 'Next error' },
  { keys: ['End'], what: 'Latest line (and follow new ones)' },
  { keys: ['?'], what: 'Show or hide these shortcuts' },
];

/** Typing in a field (or a menu) keeps its keys: only focus elsewhere on the page means a shortcut. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || !!target.closest('input, textarea, select, [contenteditable="true"]');
}

/**
 * The log's shortcuts work wherever focus is on the page except in a text field (GitHub's and
 * GitLab's log pages do the same), and not while another modal dialog is open.
 */
export function useLogShortcuts(actions: LogShortcutActions): void {
  const latest = useRef(actions);
  latest.current = actions;

  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
      if (typingIn(event.target)) return;
      const modal = document.querySelector('dialog[open]');
      if (modal && !modal.hasAttribute('data-log-shortcuts')) return;
      const act = latest.current;
      const handled = (run: () => void) => {
        event.preventDefault();
        run();
      };
      if (event.key === '?') handled(act.toggleHelp);
      else if (modal)
        return; // the overlay itself takes only `?` (and Escape, natively)
      else if (event.key === 'End' || (event.key === 'G' && event.shiftKey)) handled(act.latest);
      else if (event.key === 'e') handled(act.nextError);
      else if (event.key === 'n') handled(() => act.match('next'));
      else if (event.key === 'N') handled(() => act.match('previous'));
      else if (event.key === '/') handled(act.focusSearch);
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
