// Type-aware lint over everything: sources, fixtures, specs, self-tests and configs.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import playwright from 'eslint-plugin-playwright';
import tseslint from 'typescript-eslint';

export default defineConfig(
  { ignores: ['node_modules/', 'playwright-report/', 'test-results/'] },
  js.configs.recommended,
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test tracks the promises its describe/it return; awaiting them is not needed.
        { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['describe', 'it'] }] },
      ],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Playwright's fixture API asks for an empty pattern when a fixture uses no other fixture.
      'no-empty-pattern': 'off',
    },
  },
  {
    files: ['tests/**/*.ts', 'fixtures/**/*.ts'],
    extends: [playwright.configs['flat/recommended']],
    rules: {
      // The checks assert through their fixtures: `api.expectAnswers()`, `app.expectRenders()`.
      'playwright/expect-expect': ['error', { assertFunctionPatterns: ['^expect[A-Z]', '^assert[A-Z]'] }],
    },
  },
  {
    // Setup and teardown prepare the run (start, wake, stop); they have no verdict to assert.
    files: ['tests/**/*.setup.ts', 'tests/**/*.teardown.ts'],
    rules: { 'playwright/expect-expect': 'off' },
  },
  { files: ['**/*.js', '**/*.mjs'], extends: [tseslint.configs.disableTypeChecked] },
);
