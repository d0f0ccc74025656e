/**
 * Preloaded (`--import`) into the server process the bench spawns, with `--expose-gc`: SIGUSR2 runs
 * a full garbage collection, so heap before/after opening idle streams counts live objects, not
 * garbage the collector has not got round to yet. The app itself knows nothing of this.
 */
process.on('SIGUSR2', () => globalThis.gc?.());

export {};
