/** Diffs that give each review outcome its shape (engine-outcomes and partial-retry tests). */

/** A new file of `lines` added lines, each one the simulator comments on (they have words). */
export function addedFileDiff(
  path: string,
  lines: number,
  line = (i: number) => `export const value${i} = compute(${i});`,
) {
  const body = Array.from({ length: lines }, (_, i) => `+${line(i)}`).join('\n');
  return `diff --git a/${path} b/${path}
new file mode 100644
--- /dev/null
+++ b/${path}
@@ -0,0 +1,${lines} @@
${body}
`;
}

/** Only imports: the simulator finds nothing to remark on (a clean review). */
export const importsOnlyDiff = addedFileDiff('src/index.ts', 3, (i) => `import { part${i} } from './part${i}';`);

/** Only a lock file: the planner skips it, so no batch is left (nothing reviewed). */
export const lockFileOnlyDiff = `diff --git a/package-lock.json b/package-lock.json
--- a/package-lock.json
+++ b/package-lock.json
@@ -1,3 +1,4 @@
 {
   "name": "shop",
+  "version": "1.0.1",
   "lockfileVersion": 3
`;

/** Three files, each its own batch under a 200-token budget (batch-1…batch-3, in this order). */
export const threeBatchDiff = [
  addedFileDiff('src/alpha.ts', 12),
  addedFileDiff('src/bravo.ts', 12),
  addedFileDiff('src/charlie.ts', 12),
].join('');
