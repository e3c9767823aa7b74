import { Agent, request } from 'undici';

export interface LoadResult { concurrency: number; requests: number; seconds: number; perSecond: number; p50Ms: number; p99Ms: number; non2xx: number; statuses: Record<string, number>; accepted: number }

// Closed-loop load: `concurrency` requests in flight at all times, each on its own keep-alive
// TLS connection, for `seconds` after a warm-up. Latency is per request, from send to full body.
// `onMeasure` runs when the measured window opens and closes (the bench reads CPU time and counters there);
// `accepted202` counts every 202, warm-up included (what the partner must eventually receive).
export async function runLoad(opts: {
  url: string; agent: Agent; concurrency: number; seconds: number; warmupSeconds: number; body: (n: number) => Buffer;
  onMeasure?: (phase: 'start' | 'end') => void | Promise<void>; accepted202?: { n: number };
}): Promise<LoadResult> {
  let n = 0;
  let measuring = false;
  let stop = false;
  const latencies: number[] = [];
  let non2xx = 0;
  let accepted = 0;
  const statuses: Record<string, number> = {};
  const one = async () => {
    while (!stop) {
      const body = opts.body(n++);
      const t0 = performance.now();
      const res = await request(opts.url, { method: 'POST', body, headers: { 'content-type': 'application/xml' }, dispatcher: opts.agent });
      await res.body.text();
      if (res.statusCode === 202 && opts.accepted202) opts.accepted202.n++;
      if (measuring) {
        latencies.push(performance.now() - t0);
        if (res.statusCode !== 202) non2xx++;
        else accepted++;
        statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      }
    }
  };
  const workers = Array.from({ length: opts.concurrency }, one);
  await new Promise((r) => setTimeout(r, opts.warmupSeconds * 1000));
  await opts.onMeasure?.('start');
  measuring = true;
  const started = performance.now();
  await new Promise((r) => setTimeout(r, opts.seconds * 1000));
  measuring = false;
  const seconds = (performance.now() - started) / 1000;
  await opts.onMeasure?.('end');
  stop = true;
  await Promise.all(workers);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
  return {
    concurrency: opts.concurrency, requests: latencies.length, seconds: +seconds.toFixed(2), accepted,
    perSecond: Math.round(accepted / seconds), p50Ms: +at(0.5).toFixed(2), p99Ms: +at(0.99).toFixed(2), non2xx, statuses,
  };
}
