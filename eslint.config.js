import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';

const root = import.meta.dirname;

/** A no-restricted-imports pattern that allows only these packages and `./` files. */
const contractsOnly = (...packages) => ({
  regex: `^(?!(${packages.join('|')})(/|$)|\\./)`,
  message: `contracts/ imports only ${packages.join(' and ')} and its own files (style.md §2).`,
});

export default tseslint.config(
  {
    ignores: [
      'e2e/.scratch*',
      '**/node_modules/**',
      '**/dist/**',
      '.data/**',
      '.tmp/**',
      'bench/results/**',
      'e2e/screenshots/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { console: 'readonly', process: 'readonly' } },
  },
  {
    languageOptions: { ecmaVersion: 2023, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': 'off',
    },
  },

  // Boundaries (docs/architecture.md, "Boundaries the linter checks"). The resolver follows `.ts`
  // specifiers and the `@reviewtrace/contracts` workspace to the real files, so the rules below see
  // every import as the path it lands on.
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'import-x': importX },
    settings: {
      // Without these, import-x reads only `.js` files when it follows imports, and sees no cycle.
      'import-x/extensions': ['.ts', '.tsx'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts', '.tsx'] },
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: ['tsconfig.json', 'tsconfig.tools.json', 'web/tsconfig.json'].map((file) => `${root}/${file}`),
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // A cycle makes load order decide what is undefined at import time, and means two modules
      // are one: move the shared piece below both. npm packages cannot close a cycle of ours.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: 'server/src/**/*.routes.ts',
              from: ['server/src/**/*.repository.ts', 'server/src/db/**'],
              message: 'Routes stay thin: call a service, which calls the repository (style.md §3, §5).',
            },
            {
              target: 'server/src/**/*.repository.ts',
              from: ['server/src/**/*.service.ts'],
              message: 'Repositories are SQL only: rules live in the service that calls them (style.md §5).',
            },
            {
              target: 'web',
              from: ['server', 'bench', 'e2e'],
              message: 'The web shares only `@reviewtrace/contracts` with the server (style.md §2).',
            },
          ],
        },
      ],
    },
  },
  {
    // contracts/ is a leaf: zod and its own files, nothing else (style.md §2). Matched on the
    // specifier, so it holds even for a package that is not installed. Its tests may use vitest.
    files: ['contracts/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [contractsOnly('zod')] }] },
  },
  {
    files: ['contracts/**/*.test.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [contractsOnly('zod', 'vitest')] }] },
  },
  {
    // The web's side of the same rule, by package name (a bare `@reviewtrace/server` has no file to resolve).
    files: ['web/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@reviewtrace/(server|bench|e2e)(/|$)',
              message: 'The web shares only `@reviewtrace/contracts` with the server (style.md §2).',
            },
          ],
        },
      ],
    },
  },
  {
    // The terminal client talks to the server only over HTTP (api.md): it shares nothing with the
    // server but `@reviewtrace/contracts`. Its tests and their harness (testing/) start a real server.
    files: ['cli/**/*.ts'],
    ignores: ['cli/src/**/*.test.ts', 'cli/src/testing/**'],
    rules: {
      'import-x/no-restricted-paths': [
        'error',
        {
          basePath: root,
          zones: [
            {
              target: 'cli',
              from: ['server', 'web', 'bench', 'e2e'],
              message: 'The CLI reaches the server over HTTP only; it shares `@reviewtrace/contracts` (style.md §2).',
            },
          ],
        },
      ],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: '^@reviewtrace/(server|web|bench|e2e)(/|$)',
              message: 'The CLI reaches the server over HTTP only; it shares `@reviewtrace/contracts` (style.md §2).',
            },
          ],
        },
      ],
    },
  },
  {
    // "No route knows SQL" (style.md §5): not even the query builder.
    files: ['server/src/**/*.routes.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'kysely', message: 'Routes stay thin: SQL lives in a repository (style.md §5).' }] },
      ],
    },
  },
);
