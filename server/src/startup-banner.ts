export interface BannerFacts {
  /** The URL people open. */
  base: string;
  /** Absolute; present for the embedded database. */
  embeddedDataDir: string | undefined;
  simulatorUrl: string | undefined;
  signInLinks: { role: string; email: string; url: string }[];
  logLevel: string;
}

const verboseLevels = new Set(['debug', 'trace']);

/**
 * What `npm start` prints once it listens: where to go, how to sign in, where the data is, and how
 * to see more. After it, the terminal shows only what needs a look (warnings, errors) unless
 * LOG_LEVEL asks for every request. Tests and the e2e helpers read "running at <url>" and the
 * "<email> <link>" pairs.
 */
export function startupBanner(facts: BannerFacts): string {
  const lines = [
    '',
    `Reviewtrace is running at ${facts.base}`,
    facts.embeddedDataDir
      ? `  Data (embedded database, keys, artifacts): ${facts.embeddedDataDir}`
      : '  Data: PostgreSQL',
    `  API docs: ${facts.base}/api/docs`,
  ];
  if (facts.simulatorUrl) lines.push(`  Demo AI simulator (not a real model): ${facts.simulatorUrl}`);
  if (facts.signInLinks.length) {
    lines.push('', 'Demo sign-in links (demo mode only; open one in your browser):');
    for (const link of facts.signInLinks) lines.push(`  ${link.role.padEnd(11)} ${link.email.padEnd(24)} ${link.url}`);
  }
  lines.push(
    '',
    verboseLevels.has(facts.logLevel)
      ? `Logging every request (LOG_LEVEL=${facts.logLevel}). Ctrl-C stops the server.`
      : 'From here on: warnings and errors only (LOG_LEVEL=debug logs every request). Ctrl-C stops the server.',
  );
  return lines.join('\n');
}
