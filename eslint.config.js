// ESLint keeps the shape of the code (where things may be imported from, no import cycles, settings
// read in one place); Prettier owns the layout, so eslint-config-prettier switches off every
// stylistic rule that would argue with it.
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import astro from 'eslint-plugin-astro';
import { importX } from 'eslint-plugin-import-x';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Plain Node runs src/lib, src/cli and src/integrations (CLI, workers, build hooks), so they cannot
// use Astro's virtual modules or the @/ alias that only Vite and TypeScript understand.
const noAlias = { regex: '^@/', message: 'Plain Node runs this folder: import relatively, not through the @/ alias.' };
const noAstroModules = {
  regex: '^astro:',
  message: 'src/lib stays free of Astro: pass what it needs in from src/server or the page.',
};
// Astro-side files reach src/ through @/ instead of climbing.
const noClimbing = {
  regex: '^(\\.\\./){3,}',
  message: 'Import through the @/ alias instead of climbing three or more folders.',
};
const noUpperLayers = {
  regex: '^@/(pages|actions|components)/',
  message: 'src/server sits below pages, actions and components: move what both need into src/server or src/lib.',
};

export default defineConfig([
  globalIgnores([
    'dist',
    'builds/',
    '.astro/',
    'node_modules/',
    'test-results/',
    'playwright-report/',
    'data/',
    'public/',
    'content/',
    'tests/e2e/screenshots/',
    'tests/fixtures/',
  ]),
  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: {
      // Follows `.ts` extension imports and the @/* path of tsconfig.json.
      'import-x/resolver-next': [createTypeScriptImportResolver({ project: './tsconfig.json' })],
      'import-x/extensions': ['.ts', '.js', '.mjs'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': 'error',
      // Environment variables are read in one settings module (src/lib/env.ts), typed and defaulted there.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read settings through src/lib/env.ts, not process.env.' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value=/^(node:)?process$/] ImportSpecifier[imported.name='env']",
          message: 'Read settings through src/lib/env.ts, not process.env.',
        },
      ],
      // Cleaning user text strips control characters and lists invisible and combining code points
      // one by one, on purpose.
      'no-control-regex': 'off',
      'no-misleading-character-class': 'off',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    // import-x reads an imported .astro file with the parser of the file being linted (it cannot
    // load astro-eslint-parser by name, an ES module), so only .astro files follow .astro imports.
    files: ['**/*.astro'],
    settings: { 'import-x/extensions': ['.ts', '.js', '.mjs', '.astro'] },
  },
  {
    // Kysely migrations type the database as any: they must not depend on today's schema types.
    files: ['db/migrations/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['src/lib/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noAstroModules, noAlias] }] },
  },
  {
    files: ['src/cli/**', 'src/integrations/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noAlias] }] },
  },
  {
    files: ['src/pages/**', 'src/components/**', 'src/server/**', 'src/actions/**', 'src/middleware.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noClimbing] }] },
  },
  {
    // The layers: pages, actions and components sit on src/server, which sits on src/lib.
    files: ['src/server/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: [noClimbing, noUpperLayers] }] },
  },
  {
    // The settings module itself, and the tools that configure a process before it starts.
    files: [
      'src/lib/env.ts',
      'astro.config.mjs',
      'playwright.config.ts',
      'playwright.postgres.config.ts',
      'playwright.deploy.config.ts',
      'vitest.config.ts',
      'tests/**',
    ],
    rules: { 'no-restricted-properties': 'off', 'no-restricted-syntax': 'off' },
  },
  prettier,
  {
    // After eslint-config-prettier, which turns max-len off: Prettier wraps code at 120 and leaves
    // comments alone, so this keeps comments (and what Prettier cannot break) readable.
    rules: {
      'max-len': [
        'error',
        { code: 160, ignoreUrls: true, ignoreStrings: true, ignoreTemplateLiterals: true, ignoreRegExpLiterals: true },
      ],
    },
  },
]);
