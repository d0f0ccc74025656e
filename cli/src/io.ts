import type { Command } from 'commander';
import { resolveConnection } from './connection.ts';
import { ApiClient } from './http/api-client.ts';
import { colorsFor, shouldColor, type Colors } from './output/colors.ts';

export interface OutputStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

/** The process's edges, passed in so nothing below main.ts touches `process` directly. */
export interface Io {
  env: NodeJS.ProcessEnv;
  stdout: OutputStream;
  stderr: OutputStream;
  /** What the process exits with once the command is done (watch --exit-status sets 1 or 2). */
  exitCode: number;
}

/** What a command's action works with: an API client and a palette per stream. */
export interface Session {
  io: Io;
  client: ApiClient;
  out: Colors;
  err: Colors;
}

/** Builds the session from the global flags (`--url`, `--token`, `--org`, `--no-color`) and the environment. */
export function sessionOf(io: Io, command: Command): Session {
  const flags = command.optsWithGlobals<{ url?: string; token?: string; org?: string; color: boolean }>();
  const client = new ApiClient(resolveConnection(flags, io.env));
  return {
    io,
    client,
    out: colorsFor(shouldColor(io.stdout, io.env, flags.color)),
    err: colorsFor(shouldColor(io.stderr, io.env, flags.color)),
  };
}

export const printLine = (stream: OutputStream, text: string) => stream.write(`${text}\n`);
