/** Progress goes to stderr, so stdout carries only the report (and can be piped into a file or issue). */
export function log(message: string): void {
  const clock = new Date().toISOString().slice(11, 19);
  process.stderr.write(`[bench ${clock}] ${message}\n`);
}
