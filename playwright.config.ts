import { existsSync } from 'node:fs';
import path from 'node:path';
import { defineConfig } from '@playwright/test';

/**
 * Debian's Chromium when the machine has it (`apt-get install chromium`); otherwise the Chromium the
 * `@sparticuz/chromium` dev dependency ships inside its npm package (unpacked to the temp folder on
 * first use, a couple of seconds), so `npm ci && npm test` needs nothing but Node and npm.
 * Playwright downloads no browser either way.
 */
async function chromiumBrowser(): Promise<{ executablePath: string; env?: Record<string, string> }> {
  const debian = '/usr/bin/chromium';
  if (existsSync(debian)) return { executablePath: debian };
  const { default: packaged } = await import('@sparticuz/chromium');
  const executablePath = await packaged.executablePath();
  // The package's fonts, unpacked beside the binary: a bare machine may have none of its own.
  const fonts = path.join(path.dirname(executablePath), 'fonts');
  return { executablePath, env: { ...process.env, FONTCONFIG_PATH: fonts } as Record<string, string> };
}

const browser = await chromiumBrowser();

/**
 * Its own port and data folder, so the suite never touches a portal running for development.
 * E2E_PORT and E2E_NAME let two runs share a checkout (each its own server, data and build).
 */
const PORT = Number(process.env.E2E_PORT ?? 3199);
const NAME = process.env.E2E_NAME ?? 'e2e';
const TIME_TRAVEL_PORT = PORT + 1;
const TIME_TRAVEL_SPECS = /\.time-travel\.spec\.ts$/;

export default defineConfig({
  testDir: 'e2e',
  outputDir: `.artifacts/${NAME}-results`,
  fullyParallel: true,
  // The machines here have two cores; the server under test needs some of them too.
  workers: 2,
  // Two portals (one for time travel) share those cores with the browsers: a journey with a sign-in
  // and an accessibility scan on each page can take more than the default 30 s.
  timeout: 60_000,
  forbidOnly: Boolean(process.env.CI),
  reporter: [['list'], ['json', { outputFile: `.artifacts/${NAME === 'e2e' ? 'playwright' : NAME}.json` }]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: 'chromium',
    colorScheme: 'light',
    trace: 'retain-on-failure',
    launchOptions: {
      ...browser,
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
    { name: 'desktop', testIgnore: TIME_TRAVEL_SPECS, use: { viewport: { width: 1280, height: 800 } } },
    {
      name: 'phone',
      testIgnore: TIME_TRAVEL_SPECS,
      use: { viewport: { width: 360, height: 740 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
    },
    // Journeys that move the business date get a server of their own, one test at a time.
    {
      name: 'time-travel',
      testMatch: TIME_TRAVEL_SPECS,
      fullyParallel: false,
      use: { baseURL: `http://127.0.0.1:${TIME_TRAVEL_PORT}`, viewport: { width: 1280, height: 800 } },
    },
  ],
  webServer: [
    portal(PORT, NAME),
    portal(TIME_TRAVEL_PORT, `${NAME}-time-travel`, { AUTOFIN_TIME_TRAVEL: '1' }),
  ],
});

/** A portal for the tests: a fresh embedded database each run, serving the web app just built for it. */
function portal(port: number, name: string, extraEnv: Record<string, string> = {}) {
  const dataDir = `.artifacts/${name}-data`;
  // Absolute: Vite resolves a relative --outDir from its root (src/web), the server from here.
  const webDist = path.resolve(name === 'e2e' ? 'dist/web' : `.artifacts/${name}-web`);
  return {
    command: `rm -rf ${dataDir} && npm run build -- --outDir ${webDist} && node_modules/.bin/node src/server.ts`,
    url: `http://127.0.0.1:${port}/healthz`,
    reuseExistingServer: false,
    timeout: 240_000,
    gracefulShutdown: { signal: 'SIGTERM' as const, timeout: 10_000 },
    env: {
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTOFIN_DATA_DIR: dataDir,
      // Demo personas exist, so a journey can sign in for real (each project signs in its own persona).
      AUTOFIN_DEMO_DATA: '1',
      // The journeys follow the links they are mailed (registration, reset, lockout).
      AUTOFIN_DEMO_MAILBOX: '1',
      AUTOFIN_WEB_DIST: webDist,
      // The new-customer fixture names its own client address (X-Forwarded-For), as a proxy would.
      AUTOFIN_TRUST_PROXY: '1',
      LOG_LEVEL: 'warn',
      ...extraEnv,
    },
  };
}
