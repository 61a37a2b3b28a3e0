import { KeepAliveConnection } from './keep-alive-connection.js';
import { elapsedMs, summarize } from './latency-stats.js';
import type { LoadPlan, LoadResult } from './load-protocol.js';

/**
 * A closed-loop load generator, run as its own process so its CPU and GC never pause the server's
 * event loop: `concurrency` lanes each keep one request in flight on their own keep-alive connection.
 */
const MAX_ERROR_SAMPLES = 5;

async function run(plan: LoadPlan): Promise<LoadResult> {
  const url = new URL(plan.baseUrl);
  const headerBlock = [`Host: ${url.host}`, `Authorization: Bearer ${plan.token}`, ...Object.entries(plan.headers ?? {}).map(([name, value]) => `${name}: ${value}`)]
    .map((line) => `${line}\r\n`)
    .join('');
  const connections = Array.from({ length: plan.concurrency }, () => new KeepAliveConnection(url.hostname, Number(url.port), headerBlock));
  let next = 0;
  let recording = false;
  let deadline = 0;
  const latencies: number[] = [];
  const errorSamples = new Set<string>();
  let errors = 0;
  let requests = 0;
  const ok = new Set(plan.okStatuses ?? [200]);
  // Success bodies are only counted: reading them here would measure this process, not the server.
  const keepBody = (status: number): boolean => !ok.has(status);

  const lane = async (connection: KeepAliveConnection): Promise<void> => {
    while (performance.now() < deadline) {
      const path = plan.paths[next++ % plan.paths.length] as string;
      const start = process.hrtime.bigint();
      let failure: string | null = null;
      try {
        const outcome = await connection.get(path, keepBody);
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
    await Promise.all(connections.map(lane));
    return performance.now() - start;
  };

  await phase(plan.warmupMs, false);
  const elapsed = await phase(plan.durationMs, true);
  for (const connection of connections) connection.close();
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
