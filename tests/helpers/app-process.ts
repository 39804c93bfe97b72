import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { freePort } from "./ports.ts";
import { TEST_AUTH_SECRET } from "./session.ts";

const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");

/** One real Clinicflow instance (server/index.ts on the built app) in a child process. */
export interface AppProcess {
  url: string;
  port: number;
  child: ChildProcess;
  logs: string[];
  /** Sends a signal and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface AppProcessOptions {
  databaseUrl: string;
  redisUrl?: string;
  redisKeyPrefix?: string;
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export async function startAppProcess(opts: AppProcessOptions): Promise<AppProcess> {
  const port = await freePort();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-app-"));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH ?? "",
    HOME: process.env.HOME ?? "/tmp",
    NODE_ENV: "production",
    NEXT_TELEMETRY_DISABLED: "1",
    HOST: "127.0.0.1",
    PORT: String(port),
    DATABASE_URL: opts.databaseUrl,
    AUTH_SECRET: TEST_AUTH_SECRET,
    DATA_DIR: dataDir,
    SEED_DEMO: "never",
    LOG_LEVEL: "info",
    ...(opts.redisUrl ? { REDIS_URL: opts.redisUrl } : {}),
    ...(opts.redisKeyPrefix ? { REDIS_KEY_PREFIX: opts.redisKeyPrefix } : {}),
    ...opts.env,
  };
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], { cwd: PROJECT_DIR, env, stdio: ["ignore", "pipe", "pipe"] });
  const logs: string[] = [];
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`app did not start within ${opts.startTimeoutMs ?? 30_000} ms:\n${logs.join("\n")}`)), opts.startTimeoutMs ?? 30_000);
    const onLine = (line: string) => {
      logs.push(line);
      if (line.includes('"msg":"listening"')) {
        clearTimeout(timer);
        resolve();
      }
    };
    let buffered = "";
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split("\n");
      buffered = lines.pop() ?? "";
      lines.forEach(onLine);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`app exited with ${code} before listening:\n${logs.join("\n")}`));
    });
  });

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    logs,
    async stop(signal = "SIGTERM") {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timeout = setTimeout(() => child.kill("SIGKILL"), 20_000);
      const code = await exited;
      clearTimeout(timeout);
      await rm(dataDir, { recursive: true, force: true });
      return code;
    },
  };
}
