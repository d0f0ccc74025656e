/**
 * A signal that follows `outer` and can also be aborted on its own: a stream's consumer may stop
 * early, and some SDKs (Gemini) leave the HTTP body open unless the request's signal aborts.
 */
export function childSignal(outer: AbortSignal): { signal: AbortSignal; release: () => void } {
  const own = new AbortController();
  return { signal: AbortSignal.any([outer, own.signal]), release: () => own.abort() };
}
