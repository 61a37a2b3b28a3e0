import { Agent, request } from 'node:http';
import { elapsedMs, summarize } from './latency-stats.js';
import type { LoadPlan, LoadResult } from './load-protocol.js';

/**
 * A closed-loop load generator, run as its own process so its CPU and GC never pause the server's
 * event loop: `concurrency` lanes each keep one request in flight over keep-alive sockets.
 */
const MAX_ERROR_SAMPLES = 5;

interface Outcome {
  status: number;
  body: string | null;
}

function get(agent: Agent, url: URL, path: string, plan: LoadPlan, ok: Set<number>): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path, method: 'GET', agent, headers: { ...plan.headers, authorization: `Bearer ${plan.token}` } },
      (res) => {
        const status = res.statusCode ?? 0;
        // Success bodies are only drained: parsing them here would measure this process, not the server.
        const chunks: Buffer[] | null = ok.has(status) ? null : [];
        res.on('data', (chunk: Buffer) => chunks?.push(chunk));
        res.on('end', () => resolve({ status, body: chunks ? Buffer.concat(chunks).toString('utf8').slice(0, 300) : null }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

async function run(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(plan.baseUrl);
  const agent = new Agent({ keepAlive: true, maxSockets: plan.concurrency, maxFreeSockets: plan.concurrency });
  let next = 0;
  let recording = false;
  let deadline = 0;
  const latencies: number[] = [];
  const errorSamples = new Set<string>();
  let errors = 0;
  let requests = 0;
  const ok = new Set(plan.okStatuses ?? [200]);

  const lane = async (): Promise<void> => {
    while (performance.now() < deadline) {
      const path = plan.paths[next++ % plan.paths.length] as string;
      const start = process.hrtime.bigint();
      let failure: string | null = null;
      try {
        const outcome = await get(agent, url, path, plan, ok);
        if (!ok.has(outcome.status)) failure = `${outcome.status} ${path.split('?')[0]} ${outcome.body ?? ''}`;
      } catch (error) {
        failure = `${error instanceof Error ? error.message : String(error)} ${path.split('?')[0]}`;
      }
      const took = elapsedMs(start);
      if (!recording) continue;
      requests++;
      latencies.push(took);
      if (failure !== null) {
        errors++;
        if (errorSamples.size < MAX_ERROR_SAMPLES) errorSamples.add(failure);
      }
    }
  };
  const phase = async (ms: number, record: boolean): Promise<number> => {
    recording = record;
    const start = performance.now();
    deadline = start + ms;
    await Promise.all(Array.from({ length: plan.concurrency }, lane));
    return performance.now() - start;
  };

  await phase(plan.warmupMs, false);
  const elapsed = await phase(plan.durationMs, true);
  agent.destroy();
  return {
    requests,
    errors,
    errorSamples: [...errorSamples],
    elapsedMs: elapsed,
    reqPerSec: (requests * 1000) / elapsed,
    latency: summarize(latencies),
  };
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const plan = JSON.parse(await readStdin()) as LoadPlan;
const result = await run(plan);
process.stdout.write(`${JSON.stringify(result)}\n`);
