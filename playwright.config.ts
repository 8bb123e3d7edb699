import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Its own port and data folder, so the suite never touches a portal running for development.
 * E2E_PORT and E2E_NAME let two runs share a checkout (each its own server, data and build).
 */
const PORT = Number(process.env.E2E_PORT ?? 3199);
const NAME = process.env.E2E_NAME ?? 'e2e';
const DATA_DIR = `.artifacts/${NAME}-data`;
// Absolute: Vite resolves a relative --outDir from its root (src/web), the server from here.
const WEB_DIST = path.resolve(NAME === 'e2e' ? 'dist/web' : `.artifacts/${NAME}-web`);

export default defineConfig({
  testDir: 'e2e',
  outputDir: `.artifacts/${NAME}-results`,
  fullyParallel: true,
  // The machines here have two cores; the server under test needs some of them too.
  workers: 2,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: `.artifacts/${NAME === 'e2e' ? 'playwright' : NAME}.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    colorScheme: 'light',
    trace: 'retain-on-failure',
    // Debian's Chromium: Playwright downloads no browser.
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'desktop', use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      use: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    },
  ],
  webServer: {
    // A fresh embedded database each run; the server serves the web app just built.
    command: `rm -rf ${DATA_DIR} && npm run build -- --outDir ${WEB_DIST} && node_modules/.bin/node src/server.ts`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 240_000,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
    env: {
      PORT: String(PORT),
      HOST: '127.0.0.1',
      AUTOFIN_DATA_DIR: DATA_DIR,
      // Demo personas exist, so a journey can sign in for real (each project signs in its own persona).
      AUTOFIN_DEMO_DATA: '1',
      AUTOFIN_WEB_DIST: WEB_DIST,
      // The new-customer fixture names its own client address (X-Forwarded-For), as a proxy would.
      AUTOFIN_TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
    },
  },
});
