import { useSyncExternalStore } from 'react';

/**
 * One shared clock for live durations and "3 min ago": a single interval for the whole page however
 * many rows tick, and none at all when nothing on screen needs it.
 */
const listeners = new Set<() => void>();
let now = Date.now();
let timer: ReturnType<typeof setInterval> | undefined;

function subscribe(listener: () => void) {
  listeners.add(listener);
  if (!timer) now = Date.now();
  timer ??= setInterval(() => {
    now = Date.now();
    for (const notify of listeners) notify();
  }, 1000);
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

export function useNow(enabled = true): number {
  return useSyncExternalStore(
    enabled ? subscribe : noopSubscribe,
    () => now,
    () => now,
  );
}

const noopSubscribe = () => () => {};
