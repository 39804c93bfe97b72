import http from "node:http";
import { performance } from "node:perf_hooks";

export interface HttpLoadResult {
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  /** Answers other than 2xx, and requests that failed or timed out. */
  errors: number;
  /** Bytes of the last body read: what one answer weighs. */
  bodyBytes: number;
}

/**
 * `concurrency` keep-alive connections, each sending the next GET as soon as the previous body has
 * been read, for `seconds`. Bounded in time and (at most one request in flight per connection) in count.
 */
export async function httpLoad(url: string, headers: Record<string, string>, seconds: number, concurrency: number): Promise<HttpLoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const latencies: number[] = [];
  let errors = 0;
  let bodyBytes = 0;
  const get = () =>
    new Promise<number>((resolve) => {
      const req = http.get(url, { agent, headers, timeout: 10_000 }, (res) => {
        let bytes = 0;
        res.on("data", (chunk: Buffer) => (bytes += chunk.length));
        res.on("end", () => {
          bodyBytes = bytes;
          resolve(res.statusCode ?? 0);
        });
        res.on("error", () => resolve(0));
      });
      req.on("timeout", () => req.destroy(new Error("timeout")));
      req.on("error", () => resolve(0));
    });

  const started = performance.now();
  const end = started + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end) {
        const sent = performance.now();
        const status = await get();
        if (status >= 200 && status < 300) latencies.push(performance.now() - sent);
        else errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? Number.NaN;
  return { requests: latencies.length, perSecond: latencies.length / elapsed, p50: at(0.5), p99: at(0.99), errors, bodyBytes };
}
