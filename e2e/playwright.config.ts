import { defineConfig } from '@playwright/test';

// Each spec file starts its own engine on free ports with a fresh database (fixtures/engine.ts),
// so there is no webServer here. The engine serves apps/editor/dist: build the editor first
// (`npm run test:e2e` at the root does).
export const config = defineConfig({
  testDir: 'tests',
  outputDir: 'test-results',
  forbidOnly: !!process.env['CI'],
  retries: process.env['CI'] ? 1 : 0,
  workers: 1,
  // SIPp calls and engine start-up take seconds, not milliseconds.
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: process.env['CI'] ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
    headless: true,
    viewport: { width: 1600, height: 1000 },
    screenshot: 'on',
    trace: 'retain-on-failure',
  },
});

// Playwright reads its configuration from the default export.
export default config;
