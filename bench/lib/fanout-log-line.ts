/**
 * The event the fan-out runs write: a log line of the size an engine writes (~150 bytes of JSON), as
 * the ReviewLogger would store it. The real run (live-sse.ts) and the bare-Node baseline
 * (bare-fanout-process.ts) both take it from here, so their frames are the same size.
 */
export const fanoutLogLine = (i: number) => ({
  level: 'info',
  message: `Reviewing src/services/payment-${i}.ts: 3 hunks, 120 changed lines, model streaming`,
});
