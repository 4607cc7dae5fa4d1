import js from '@eslint/js';
import ts from 'typescript-eslint';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import svelteConfig from './svelte.config.js';

const LIB_PATTERNS = [
  { group: ['**/ui/**', '**/App.svelte', '*.svelte'], message: 'lib must not depend on the UI (design.md: imports flow ui -> lib).' },
  { group: ['svelte', 'svelte/*'], message: 'lib stays free of Svelte: state classes live in ui/.' },
  { group: ['**/i18n/**', '**/paraglide/**'], message: 'lib returns codes and parameters; only the UI turns them into words (src/ui/i18n).' },
];

/**
 * The UI reaches each lib folder through its index.ts, so a folder's inside
 * can change without touching the UI. The exceptions are entry points kept
 * out of the index on purpose: they pull in large code that is loaded lazily
 * (Vega, the DuckDB worker, the browser's ingest dependencies).
 */
const UI_PATTERNS = [
  {
    group: ['**/lib/*/*', '!**/lib/*/index', '!**/lib/charts/render', '!**/lib/engine/worker-backend', '!**/lib/ingest/browser-deps'],
    message: "Import lib through the folder's index.ts (design.md: ui -> lib/<folder>).",
  },
];

export default ts.config(
  // src/ui/i18n/paraglide/ is generated from src/ui/i18n/messages/*.json (npm run i18n).
  { ignores: ['dist/', 'node_modules/', 'bench/data/', 'bench/.native/', 'bench/.raw-dist/', 'tests/e2e/artifacts/', 'src/ui/i18n/paraglide/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
  {
    // Rules for app code: no `any` outside tests (design.md).
    files: ['src/**/*.ts', 'src/**/*.svelte'],
    rules: { '@typescript-eslint/no-explicit-any': 'error', 'svelte/no-at-html-tags': 'error' },
  },
  {
    // Layering (design.md): imports flow ui -> lib; lib is plain logic, free of the UI and of Svelte.
    files: ['src/lib/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: LIB_PATTERNS }] },
  },
  {
    // …and only lib/store talks to IndexedDB through Dexie.
    files: ['src/lib/**/*.ts'],
    ignores: ['src/lib/store/**'],
    rules: { 'no-restricted-imports': ['error', { patterns: LIB_PATTERNS, paths: [{ name: 'dexie', message: 'Only lib/store imports Dexie.' }] }] },
  },
  {
    files: ['src/ui/**', 'src/App.svelte', 'src/main.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: UI_PATTERNS }] },
  },
  {
    files: ['tests/**/*.ts', 'bench/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
);
