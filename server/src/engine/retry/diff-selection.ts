/**
 * The sections of a unified diff whose file is in `paths` (by its new path, `b/…`), as they are:
 * a retry of failed batches plans only those files.
 */
export function keepDiffFiles(diff: string, paths: ReadonlySet<string>): string {
  const sections = diff.split(/^(?=diff --git )/m);
  return sections
    .filter((section) => {
      const header = /^diff --git a\/(.+?) b\/(.+)$/m.exec(section);
      return header !== null && (paths.has(header[2]!.trim()) || paths.has(header[1]!.trim()));
    })
    .join('');
}
