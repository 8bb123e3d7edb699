import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

/**
 * A fixed list of JSON POSTs sent over real sockets, `concurrency` at a time (each answer frees a
 * socket for the next request in the list), from a worker thread so the client's own work does not
 * queue on the server's event loop (as bench/http-load.ts does for its closed-loop GETs). Each
 * answer is kept with its latency, so the caller can check what every request got.
 *
 * The sockets are opened first (one GET of `warmupPath` each, not measured), as a browser or a load
 * balancer holds its keep-alive connections: a server whose event loop is busy (PGlite runs on it)
 * left the first request of some new connections unread for up to the whole run, which measured
 * that rather than the payments.
 */
export type PostPlan = {
  origin: string;
  concurrency: number;
  warmupPath: string;
  requests: { path: string; headers: Record<string, string>; body: unknown }[];
};

export type PostResult = {
  /** In the order of the plan's requests; status 0 is a socket error. */
  answers: { status: number; ms: number; replayed: boolean; body: unknown }[];
  wallMs: number;
};

/** Runs `plan` in a worker thread and answers what each request got. */
export function runPosts(plan: PostPlan): Promise<PostResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: plan });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`post worker exited with ${code}`));
    });
  });
}

function post(agent: http.Agent, origin: string, request: PostPlan['requests'][number]) {
  const payload = JSON.stringify(request.body);
  return new Promise<{ status: number; replayed: boolean; body: unknown }>((resolve) => {
    const req = http.request(
      `${origin}${request.path}`,
      {
        method: 'POST',
        agent,
        headers: {
          ...request.headers,
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(payload),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.once('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Not JSON: kept as text for the report.
          }
          resolve({
            status: res.statusCode ?? 0,
            replayed: res.headers['idempotent-replayed'] === 'true',
            body,
          });
        });
        res.once('error', () => resolve({ status: 0, replayed: false, body: null }));
      },
    );
    req.once('error', () => resolve({ status: 0, replayed: false, body: null }));
    req.end(payload);
  });
}

function get(agent: http.Agent, url: string): Promise<void> {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, (res) => res.resume().once('end', resolve)).once('error', reject);
  });
}

async function send(plan: PostPlan): Promise<PostResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: plan.concurrency });
  await Promise.all(
    Array.from({ length: plan.concurrency }, () => get(agent, `${plan.origin}${plan.warmupPath}`)),
  );
  const answers: PostResult['answers'] = new Array(plan.requests.length);
  let next = 0;
  const start = performance.now();
  const connection = async () => {
    for (let i = next++; i < plan.requests.length; i = next++) {
      const t0 = performance.now();
      const answer = await post(agent, plan.origin, plan.requests[i]!);
      answers[i] = { ...answer, ms: performance.now() - t0 };
    }
  };
  await Promise.all(Array.from({ length: plan.concurrency }, connection));
  const wallMs = performance.now() - start;
  agent.destroy();
  return { answers, wallMs };
}

if (!isMainThread) parentPort!.postMessage(await send(workerData as PostPlan));
