import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { chromium } from '@playwright/test';
import playwrightConfig from '../playwright.config.ts';
import { en } from '../src/web/i18n/en.ts';

/**
 * `npm run bench:web`: the web app's JavaScript, raw and gzipped, file by file, and the first load of
 * the sign-in page on a throttled connection in Chromium: first contentful paint and the moment its
 * heading is visible, the median of five cold loads (a new browser context each, so nothing cached).
 * Builds into its own folder and starts its own portal, so it never touches another run's.
 */
const LOADS = Number(process.env.BENCH_LOADS ?? 5);
/**
 * Lighthouse's mobile profile ("Slow 4G"): 150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up, and
 * the CPU slowed 4×, applied through the Chrome DevTools Protocol.
 */
const PROFILE = {
  name: 'Slow 4G (150 ms RTT, 1.6 Mbit/s down, 750 kbit/s up, CPU 4× slower)',
  latencyMs: 150,
  downloadBytesPerSecond: 1_600_000 / 8,
  uploadBytesPerSecond: 750_000 / 8,
  cpuSlowdown: 4,
};

const work = mkdtempSync(path.join(tmpdir(), 'autofin-bench-web-'));
const webDist = path.join(work, 'web');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const kb = (bytes: number) => Number((bytes / 1024).toFixed(1));

function jsSizes(dir: string) {
  const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
  return files
    .map((file) => {
      const body = readFileSync(path.join(dir, file));
      return { file, raw: body.length, gzip: gzipSync(body, { level: 9 }).length };
    })
    .sort((a, b) => b.raw - a.raw);
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function startPortal(port: number): ChildProcess {
  return spawn('node_modules/.bin/node', ['src/server.ts'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      AUTOFIN_DATA_DIR: path.join(work, 'data'),
      // The sign-in page needs no contracts; boarding the demo portfolio would only slow the start.
      AUTOFIN_DEMO_DATA: '0',
      AUTOFIN_WEB_DIST: webDist,
      LOG_LEVEL: 'warn',
    },
  });
}

/** Waits for /healthz as Playwright's webServer does (as long, too: a first start migrates the database). */
async function healthy(portal: ChildProcess, port: number): Promise<void> {
  for (let waited = 0; waited < 120_000; waited += 250) {
    if (portal.exitCode !== null) throw new Error(`the portal exited with ${portal.exitCode}`);
    const up = await fetch(`http://127.0.0.1:${port}/healthz`).then(
      (res) => res.ok,
      () => false,
    );
    if (up) return;
    await sleep(250);
  }
  throw new Error('the portal did not answer /healthz within 120 s');
}

type Load = {
  fcp: number;
  heading: number;
  load: number;
  transferred: number;
  files: { file: string; transferred: number }[];
};

async function coldLoads(origin: string): Promise<Load[]> {
  const browser = await chromium.launch(playwrightConfig.use?.launchOptions);
  const loads: Load[] = [];
  try {
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 } });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', {
        offline: false,
        latency: PROFILE.latencyMs,
        downloadThroughput: PROFILE.downloadBytesPerSecond,
        uploadThroughput: PROFILE.uploadBytesPerSecond,
      });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: PROFILE.cpuSlowdown });
      // Checked each animation frame from the start: the page's own clock when the heading first shows.
      await page.addInitScript((title) => {
        const check = () => {
          const h1 = document.querySelector('h1');
          // Laid out in this frame, so painted by the next one: its start is when it shows.
          if (h1?.textContent === title && h1.getBoundingClientRect().height > 0)
            requestAnimationFrame(() => Object.assign(window, { headingVisibleAt: performance.now() }));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }, en.signIn.title);
      await page.goto(`${origin}/sign-in`, { waitUntil: 'load' });
      const heading = await page.waitForFunction(
        () => (window as { headingVisibleAt?: number }).headingVisibleAt,
        undefined,
        { timeout: 60_000 },
      );
      const headingAt = (await heading.jsonValue()) as number;
      loads.push(
        await page.evaluate((headingMs) => {
          const paint = performance.getEntriesByName('first-contentful-paint')[0];
          const [nav] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
          const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
          return {
            fcp: paint?.startTime ?? Number.NaN,
            heading: headingMs,
            load: nav?.loadEventEnd ?? Number.NaN,
            transferred: (nav?.transferSize ?? 0) + resources.reduce((sum, r) => sum + r.transferSize, 0),
            files: [nav, ...resources].map((r) => ({
              file: new URL(r?.name ?? '').pathname,
              transferred: r?.transferSize ?? 0,
            })),
          };
        }, headingAt),
      );
      await context.close();
    }
  } finally {
    await browser.close();
  }
  return loads;
}

try {
  execFileSync('npm', ['run', 'build', '--', '--outDir', webDist, '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  const sizes = jsSizes(webDist);
  const total = sizes.reduce((sum, s) => ({ raw: sum.raw + s.raw, gzip: sum.gzip + s.gzip }), {
    raw: 0,
    gzip: 0,
  });
  console.log('Web app JavaScript as `npm run build` makes it, KiB:');
  console.table([
    ...sizes.map((s) => ({ file: s.file, raw: kb(s.raw), gzip: kb(s.gzip) })),
    { file: 'total', raw: kb(total.raw), gzip: kb(total.gzip) },
  ]);

  const port = await freePort();
  const portal = startPortal(port);
  try {
    await healthy(portal, port);
    const loads = await coldLoads(`http://127.0.0.1:${port}`);
    console.log(`First load of /sign-in, ${PROFILE.name}, ${LOADS} cold loads (ms; KiB):`);
    const row = (label: string, pick: (l: Load) => number) => ({
      '': label,
      median: Math.round(median(loads.map(pick))),
      each: loads.map((l) => Math.round(pick(l))).join(' '),
    });
    console.table([
      row('first contentful paint', (l) => l.fcp),
      row('"Sign in" heading visible', (l) => l.heading),
      row('load event', (l) => l.load),
      row('transferred KiB', (l) => kb(l.transferred)),
      row('requests', (l) => l.files.length),
    ]);
    console.log('What the first of them fetched (KiB on the wire):');
    console.table(loads[0]!.files.map((f) => ({ file: f.file, transferred: kb(f.transferred) })));
  } finally {
    if (portal.exitCode === null) {
      const exited = new Promise((resolve) => portal.once('exit', resolve));
      portal.kill('SIGTERM');
      await exited;
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}
