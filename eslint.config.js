// @ts-check
import js from '@eslint/js';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Import boundaries between the processes. Only main/app/ may load Electron,
// renderer/ reaches main only through the typed bridge, and shared/ is pure
// TypeScript that both sides import.
const electronModules = ['electron', 'electron/*', 'electron-store'];
const restrict = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['dist/', 'release/', 'node_modules/', 'sandbox/go/', 'test-results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['shared/**/*.{ts,tsx}'],
    rules: restrict(
      ['**/main/**', '**/renderer/**', '**/sandbox/**', 'node:*', ...electronModules],
      'shared/ is pure TypeScript: it imports neither main/, renderer/, Node built-ins nor Electron.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...restrict(
        ['**/main/**', '**/sandbox/**', 'node:*', ...electronModules],
        'renderer/ imports only shared/ and browser packages; it reaches main through the bridge.',
      ),
    },
  },
  {
    files: ['main/**/*.ts'],
    ignores: ['main/app/**'],
    rules: restrict(
      ['**/renderer/**', ...electronModules],
      'Only main/app/ imports Electron; the services in main/ are plain Node.',
    ),
  },
  {
    files: ['main/app/**/*.ts'],
    rules: restrict(['**/renderer/**'], 'main/ never imports renderer/.'),
  },
  {
    files: ['sandbox/**/*.ts', 'scripts/**/*.{ts,mjs}', 'test/**/*.{ts,tsx}'],
    rules: restrict(electronModules, 'Only main/app/ imports Electron.'),
  },
);
