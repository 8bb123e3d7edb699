import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * A closed-loop HTTP load over real sockets: each connection is one browser (its own keep-alive
 * socket and cookie) sending its next request as soon as the last answer is read. It runs in a
 * worker thread so the client's own work does not queue on the server's event loop. node:http
 * rather than autocannon: autocannon records latencies in whole milliseconds, too coarse beside a
 * bare route that answers in well under one, and needs a setup file per worker thread to give
 * each connection its own cookie.
 */
export type LoadPlan = {
  origin: string;
  /** One entry per connection: its Cookie header (may be empty) and the paths it cycles through. */
  connections: { cookie: string; paths: string[] }[];
  warmupMs: number;
  durationMs: number;
};

export type LoadResult = {
  /** Per connection, the latencies in milliseconds of its requests within the measured window. */
  latencies: number[][];
  /** Answers other than 200 (and socket errors, as status 0), by status, within the window. */
  failures: Record<number, number>;
  wallMs: number;
};

/** Runs `plan` in a worker thread and answers what it measured. */
export function runLoad(plan: LoadPlan): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: plan });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`load worker exited with ${code}`));
    });
  });
}

function get(agent: http.Agent, origin: string, path: string, cookie: string): Promise<number> {
  return new Promise((resolve) => {
    const req = http.get(`${origin}${path}`, { agent, headers: cookie ? { cookie } : {} }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
      res.once('error', () => resolve(0));
    });
    req.once('error', () => resolve(0));
  });
}

async function load(plan: LoadPlan): Promise<LoadResult> {
  const failures: Record<number, number> = {};
  const start = performance.now();
  const measureFrom = start + plan.warmupMs;
  const end = measureFrom + plan.durationMs;
  const connection = async ({ cookie, paths }: LoadPlan['connections'][number]) => {
    const latencies: number[] = [];
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    for (let i = 0; performance.now() < end; i++) {
      const t0 = performance.now();
      const status = await get(agent, plan.origin, paths[i % paths.length]!, cookie);
      if (t0 < measureFrom) continue;
      latencies.push(performance.now() - t0);
      if (status !== 200) failures[status] = (failures[status] ?? 0) + 1;
    }
    agent.destroy();
    return latencies;
  };
  const latencies = await Promise.all(plan.connections.map(connection));
  return { latencies, failures, wallMs: performance.now() - measureFrom };
}

if (!isMainThread) parentPort!.postMessage(await load(workerData as LoadPlan));
