#!/usr/bin/env node
// The `reviewtrace` command. The client is TypeScript, like the rest of the repository, and shares
// its schemas with the server through @reviewtrace/contracts (TypeScript source, no build step), so
// this launcher registers tsx's loader in this same process and imports the entry point: plain
// Node 20.19 after `npm ci`, no compile step, and signals reach the client directly.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
