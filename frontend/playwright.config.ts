import { defineConfig, devices } from '@playwright/test';

/**
 * Browser tests walk the built SPA served by the real API on a freshly
 * seeded SQLite database (tests/e2e/start-server.sh). They use Debian's
 * Chromium: Playwright never downloads a browser here.
 * `npm run test:e2e` goes through tests/e2e/run.sh, which checks Chromium first.
 */
// The browser runs in Europe/Paris; the tests' own dates and the server's "today" too, so
// that a run between 23:00 and midnight UTC (already tomorrow in Paris) agrees on the day.
process.env.TZ = 'Europe/Paris';

const port = Number(process.env.E2E_PORT ?? 8765);
const baseURL = `http://127.0.0.1:${port}`;
const isCI = Boolean(process.env.CI) && process.env.CI !== 'false' && process.env.CI !== '0';

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--disable-quic',
    '--no-first-run',
  ],
};

export default defineConfig({
  testDir: './tests/e2e',
  fullyParallel: false,
  forbidOnly: isCI,
  retries: 0,
  // In `make test` the backend suite runs beside the browser on two cores: a long journey
  // (two contexts, several sign-ins) may need more than the default 30 s there.
  timeout: 60_000,
  // One browser at a time: the API on SQLite answers 500 "database is locked"
  // when two sessions log in or renew their tokens at the same moment. The
  // specs that change shared accounts also run in one project only (auth.spec.ts).
  workers: 1,
  reporter: [['list']],
  outputDir: './test-results',
  use: {
    baseURL,
    locale: 'fr-FR',
    timezoneId: 'Europe/Paris',
    trace: 'retain-on-failure',
  },
  projects: [
    {
      name: 'bureau',
      // The network's growth runs last (project `reseau` below): it opens a territoire and
      // adds partners, which the other specs' counts of the demo would otherwise see.
      testIgnore: /candidatures\.spec\.ts$/,
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
    {
      // The smallest phone the SPA must serve (UI.md: usable at 360 px wide).
      name: 'telephone',
      // Tests that create data or spend the one failed login run once, on the desktop.
      grepInvert: /@bureau/,
      // The phone is where field staff work (UI.md): signing in and the account, the caseload,
      // the person, the À faire and the orientations with the partners' answers. The desk work
      // of administrators, coordinators and funders (territoires, directory, conventions,
      // indicators, audit, RGPD requests) runs on the desktop only (badges.spec.ts still walks
      // the lists at 390 px).
      testMatch: /(auth|parcours|parcours-orientation|orientations|a-faire|public)\.spec\.ts$/,
      use: {
        ...devices['Desktop Chrome'],
        viewport: { width: 360, height: 740 },
        isMobile: true,
        hasTouch: true,
        launchOptions,
      },
    },
    {
      name: 'reseau',
      testMatch: /candidatures\.spec\.ts$/,
      dependencies: ['bureau', 'telephone'],
      use: { ...devices['Desktop Chrome'], launchOptions },
    },
  ],
  webServer: {
    command: 'bash ./tests/e2e/start-server.sh',
    url: `${baseURL}/readyz`,
    env: { E2E_PORT: String(port) },
    // Never reuse a running server: the suite changes accounts (TOTP) and
    // counts failed logins, so it needs the fresh database start-server.sh makes.
    reuseExistingServer: false,
    timeout: 120_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
