/**
 * Runs `deleteBatch(batchSize)` until it deletes fewer rows than asked or `maxBatches` ran (the
 * next hourly run continues): retention deletes in slices so no statement holds locks for long.
 */
export async function deleteInBatches(
  deleteBatch: (batchSize: number) => Promise<number>,
  options: { batchSize?: number; maxBatches?: number } = {},
): Promise<number> {
  const batchSize = options.batchSize ?? 5_000;
  const maxBatches = options.maxBatches ?? 100;
  let deleted = 0;
  for (let i = 0; i < maxBatches; i++) {
    const batch = await deleteBatch(batchSize);
    deleted += batch;
    if (batch < batchSize) break;
  }
  return deleted;
}
