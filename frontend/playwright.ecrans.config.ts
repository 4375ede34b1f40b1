import { defineConfig } from '@playwright/test';

import base from './playwright.config';

/**
 * `make ecrans`: the screenshots of docs/ecrans/, taken on the demo server (a fresh seeded
 * database, as for the browser tests). Not a test run: `make test` never runs it.
 */
export default defineConfig({
  ...base,
  testDir: './tests/ecrans',
  projects: [{ name: 'ecrans', use: base.projects?.[0]?.use ?? {} }],
});
