// Prints the one line CI reads: test counts from vitest's JSON reports, plus one count per
// non-test step (typecheck, lint, bench…). Exits 1 when anything failed.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
const steps = readFileSync('.tmp/ci/steps.txt', 'utf8').trim().split('\n');
for (const line of steps) {
  const ok = line.endsWith(' pass');
  const name = line.replace(/ (pass|fail)$/, '');
  const report = {
    'tests (PGlite)': 'tests-pglite',
    'tests (PostgreSQL)': 'tests-postgres',
    'browser tests': 'tests-e2e',
  }[name];
  const file = report && `.tmp/ci/${report}.json`;
  if (file && existsSync(file)) {
    const json = JSON.parse(readFileSync(file, 'utf8'));
    passed += json.numPassedTests;
    failed += json.numFailedTests;
    // A suite that failed to load has no failing test of its own: count it once.
    if (!ok && json.numFailedTests === 0) failed += 1;
    console.log(`${name}: ${json.numPassedTests} passed, ${json.numFailedTests} failed`);
  } else {
    if (ok) passed++;
    else failed++;
    console.log(`${name}: ${ok ? 'ok' : 'FAILED'}`);
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
