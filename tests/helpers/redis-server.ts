import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { Redis } from "ioredis";
import { eventually, freePort } from "./ports.ts";

/** A real redis-server on a free loopback port, with nothing persisted to disk. */
export interface RedisServer {
  url: string;
  port: number;
  stop(): Promise<void>;
}

const CANDIDATES = ["/usr/bin/redis-server", "/usr/local/bin/redis-server"];

export async function startRedisServer(port?: number): Promise<RedisServer> {
  const binary = CANDIDATES.find((c) => existsSync(c));
  if (!binary) throw new Error("redis-server is not installed: run `apt-get install redis-server` or set REDIS_URL");
  const chosen = port ?? (await freePort());
  const child: ChildProcess = spawn(binary, ["--port", String(chosen), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--protected-mode", "yes"], {
    stdio: "ignore",
  });
  const url = `redis://127.0.0.1:${chosen}`;
  await eventually(async () => {
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => undefined);
    try {
      await probe.connect();
      await probe.ping();
    } finally {
      probe.disconnect();
    }
  }, 10_000);
  return {
    url,
    port: chosen,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once("exit", () => resolve());
        child.kill("SIGKILL");
      }),
  };
}
