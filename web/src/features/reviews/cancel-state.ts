import { canCancel, isTerminal, type ApiStatus } from '@reviewtrace/contracts';

export interface CancelView {
  /** The Cancel button is offered (or stays, disabled, while the request is on its way). */
  showButton: boolean;
  /** What the page says about the request; null once the review has ended. */
  note: string | null;
}

/**
 * What the page says about cancelling, from the review's status and whether this page asked:
 * "Cancel requested … stops within seconds" is true only until the status is final. After that the
 * status pill says how it ended, and a promise about the future would be a lie.
 */
export function cancelView(status: ApiStatus, requested: boolean): CancelView {
  if (isTerminal(status)) return { showButton: false, note: null };
  if (requested) {
    return {
      showButton: true,
      note: 'Cancel requested: the engine stops within seconds.',
    };
  }
  return { showButton: canCancel(status), note: null };
}
