import { execFile, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, rm, symlink, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { eventually, freePort } from "../helpers/ports.ts";

export const PROJECT_DIR = path.resolve(import.meta.dirname, "../..");
export const MONITORING_DIR = path.join(PROJECT_DIR, "monitoring");

/** Debian's `prometheus` package (.ci/run installs it); PROMETHEUS_BIN / PROMTOOL_BIN point elsewhere. */
export const PROMETHEUS_BIN = process.env.PROMETHEUS_BIN ?? "/usr/bin/prometheus";
export const PROMTOOL_BIN = process.env.PROMTOOL_BIN ?? "/usr/bin/promtool";

export function assertPrometheusInstalled(): void {
  for (const bin of [PROMETHEUS_BIN, PROMTOOL_BIN]) {
    if (!existsSync(bin)) throw new Error(`${bin} is missing: install Debian's prometheus package (apt-get install prometheus; .ci/run does).`);
  }
}

/** Runs promtool; never throws, so a test can show its output when it fails. */
export function promtool(args: string[], cwd = PROJECT_DIR): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    execFile(PROMTOOL_BIN, args, { cwd, timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `promtool ${args.join(" ")}\n${stdout}${stderr}` });
    });
  });
}

/**
 * A directory laid out as Prometheus sees its config in a deployment: prometheus.yml, rules/
 * (a link to monitoring/rules) and secrets/metrics-token, so the config's relative paths hold.
 */
export async function configDirectory(config: string, metricsToken: string, extraFiles: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-prometheus-"));
  await symlink(path.join(MONITORING_DIR, "rules"), path.join(dir, "rules"));
  await mkdir(path.join(dir, "secrets"));
  await writeFile(path.join(dir, "secrets", "metrics-token"), metricsToken);
  await writeFile(path.join(dir, "prometheus.yml"), config);
  for (const [name, text] of Object.entries(extraFiles)) await writeFile(path.join(dir, name), text);
  return dir;
}

/** Replaces `pattern` in `text`, failing when it is not there (so the shipped file cannot drift silently). */
export function replaceOrFail(text: string, pattern: RegExp, replacement: string): string {
  if (!pattern.test(text)) throw new Error(`expected ${pattern} in the shipped Prometheus config`);
  return text.replace(pattern, replacement);
}

export interface PrometheusProcess {
  url: string;
  logs: string[];
  stop(): Promise<void>;
}

/** A real Prometheus on a free loopback port, with its storage in `dir`; resolves once it is ready. */
export async function startPrometheus(dir: string): Promise<PrometheusProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(
    PROMETHEUS_BIN,
    [`--config.file=${path.join(dir, "prometheus.yml")}`, `--storage.tsdb.path=${path.join(dir, "data")}`, `--web.listen-address=127.0.0.1:${port}`, "--log.level=warn"],
    { cwd: dir, stdio: ["ignore", "pipe", "pipe"] },
  );
  const logs: string[] = [];
  child.stdout.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => logs.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`prometheus exited with ${child.exitCode}:\n${logs.join("")}`);
      const res = await fetch(`${url}/-/ready`);
      if (res.status !== 200) throw new Error(`prometheus not ready (${res.status})`);
    }, 20_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, logs, stop };
}

/** GET on Prometheus's HTTP API; the parsed body whatever the status (errors carry `status: "error"`). */
export async function promApi<T>(prometheus: PrometheusProcess, endpoint: string, params: Record<string, string> = {}): Promise<{ status: string; data: T; error?: string; errorType?: string }> {
  const res = await fetch(`${prometheus.url}/api/v1/${endpoint}?${new URLSearchParams(params)}`);
  return (await res.json()) as { status: string; data: T; error?: string };
}

export interface InstantSample {
  metric: Record<string, string>;
  value: [number, string];
}

export interface TargetsAnswer {
  activeTargets: { labels: Record<string, string>; discoveredLabels: Record<string, string>; health: string; lastError: string; scrapeUrl: string }[];
  droppedTargets: { discoveredLabels: Record<string, string> }[];
}

export interface RulesAnswer {
  groups: { name: string; file: string; rules: { name: string; query: string; type: string; health: string; lastError?: string; lastEvaluation: string }[] }[];
}
