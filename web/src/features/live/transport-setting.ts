import { useSyncExternalStore } from 'react';

/**
 * Which live transport the page uses (README, "Live updates"): `auto` climbs the ladder SSE →
 * WebSocket → polling by itself; the others force one rung, for a network the ladder reads wrongly
 * (a proxy that passes SSE's first bytes and then buffers, a firewall that drops sockets silently).
 * Remembered per browser, like the theme.
 */
export type TransportChoice = 'auto' | 'sse' | 'websocket' | 'polling';

export const transportChoices: readonly { value: TransportChoice; label: string }[] = [
  { value: 'auto', label: 'Live: auto' },
  { value: 'sse', label: 'Live: SSE' },
  { value: 'websocket', label: 'Live: WebSocket' },
  { value: 'polling', label: 'Live: polling' },
];

const KEY = 'reviewtrace.transport';
const listeners = new Set<() => void>();

function isChoice(value: string | null): value is TransportChoice {
  return transportChoices.some((choice) => choice.value === value);
}

/** A value that is not one of ours (an old version's, edited by hand) reads as the default. */
export function readTransportChoice(): TransportChoice {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    // Storage blocked (privacy mode): the default, unremembered.
  }
  return isChoice(stored) ? stored : 'auto';
}

export function setTransportChoice(choice: TransportChoice): void {
  try {
    if (choice === 'auto') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    // Not remembered, but still applied to the pages open now.
  }
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  // Another tab changed it: follow, so two tabs do not disagree about the same setting.
  const onStorage = (event: StorageEvent) => {
    if (event.key === KEY) listener();
  };
  window.addEventListener('storage', onStorage);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('storage', onStorage);
  };
}

/** The current choice; a live hook that reads it restarts its feed when it changes. */
export function useTransportChoice(): TransportChoice {
  return useSyncExternalStore(subscribe, readTransportChoice);
}
