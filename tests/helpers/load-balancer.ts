import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eventually, freePort } from "./ports.ts";

/**
 * A real haproxy in front of app instances, all on loopback: one HTTP frontend on a free
 * port, round-robin over the backends, health checked on /api/ready. WebSocket upgrades
 * pass through (HTTP mode tunnels after a 101), so Socket.IO clients (WebSocket only, no
 * sticky sessions needed) connect through it like browsers behind the production balancer.
 */
export interface LoadBalancer {
  url: string;
  port: number;
  /** haproxy's own log lines (stderr), for failure messages. */
  logs: string[];
  /** Backend name → haproxy's view of it ("UP", "DOWN", "UP 1/2"…), from the stats socket. */
  serverStates(): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

export interface LoadBalancerBackend {
  name: string;
  port: number;
}

const CANDIDATES = ["/usr/sbin/haproxy", "/usr/bin/haproxy", "/usr/local/sbin/haproxy"];

/** Health check timing: a dead instance is out after `fall` × `inter` ≈ 1 s, back after `rise` × `inter`. */
export const HEALTH_CHECK = { interMs: 500, fall: 2, rise: 2 } as const;

/** haproxy's own answer when no instance is ready: the app's error envelope, so clients read it like any 503. */
export const NO_INSTANCE_READY = { error: { code: "UNAVAILABLE", message: "No Clinicflow instance is ready to serve this request. Please try again in a moment." } };

function errorFile503(): string {
  const body = JSON.stringify(NO_INSTANCE_READY);
  return ["HTTP/1.1 503 Service Unavailable", "Cache-Control: no-cache", "Connection: close", "Content-Type: application/json", `Content-Length: ${Buffer.byteLength(body)}`, "", body].join("\r\n");
}

export function haproxyConfig(port: number, backends: LoadBalancerBackend[], statsSocket: string, errorFile: string): string {
  const { interMs, fall, rise } = HEALTH_CHECK;
  return [
    "global",
    `  stats socket ${statsSocket} mode 600 level admin`,
    "  log stderr format short local0 notice",
    "",
    "defaults",
    "  mode http",
    "  log global",
    "  option httplog",
    "  option dontlognull",
    // Connection refused by a dead instance (before the check notices): try again, elsewhere.
    "  retries 3",
    "  option redispatch 1",
    "  timeout connect 1s",
    "  timeout client 30s",
    "  timeout server 30s",
    // An upgraded WebSocket lives as long as the browser keeps it (Socket.IO pings every 20 s).
    "  timeout tunnel 1h",
    "  timeout http-request 10s",
    `  errorfile 503 ${errorFile}`,
    "",
    "frontend clinicflow",
    `  bind 127.0.0.1:${port}`,
    "  default_backend instances",
    "",
    "backend instances",
    "  balance roundrobin",
    "  option httpchk GET /api/ready",
    "  http-check expect status 200",
    // Which instance answered: lets a test see where its requests and sockets landed.
    "  http-response set-header x-clinicflow-backend %s",
    ...backends.map((b) => `  server ${b.name} 127.0.0.1:${b.port} check inter ${interMs} fall ${fall} rise ${rise}`),
    "",
  ].join("\n");
}

export async function startLoadBalancer(backends: LoadBalancerBackend[]): Promise<LoadBalancer> {
  const binary = CANDIDATES.find((c) => existsSync(c));
  if (!binary) throw new Error("haproxy is not installed: run `apt-get install haproxy` (.ci/run does)");
  const port = await freePort();
  const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-lb-"));
  const statsSocket = path.join(dir, "stats.sock");
  const configFile = path.join(dir, "haproxy.cfg");
  const errorFile = path.join(dir, "503.http");
  await writeFile(errorFile, errorFile503());
  await writeFile(configFile, haproxyConfig(port, backends, statsSocket, errorFile));

  const child: ChildProcess = spawn(binary, ["-f", configFile, "-db"], { stdio: ["ignore", "ignore", "pipe"] });
  const logs: string[] = [];
  child.stderr?.on("data", (chunk: Buffer) => logs.push(...chunk.toString().split("\n").filter(Boolean)));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const statsCommand = (command: string) =>
    new Promise<string>((resolve, reject) => {
      let out = "";
      const socket = net.connect(statsSocket);
      socket.on("connect", () => socket.write(`${command}\n`));
      socket.on("data", (chunk) => (out += chunk.toString()));
      socket.on("end", () => resolve(out));
      socket.on("error", reject);
    });

  const serverStates = async () => {
    // "show stat" CSV: pxname,svname,…,status (18th column).
    const csv = await statsCommand("show stat");
    const header = csv.split("\n")[0]!.replace(/^# /, "").split(",");
    const status = header.indexOf("status");
    const states: Record<string, string> = {};
    for (const line of csv.split("\n").slice(1)) {
      const cols = line.split(",");
      if (cols[0] === "instances" && cols[1] && cols[1] !== "BACKEND") states[cols[1]] = cols[status] ?? "";
    }
    return states;
  };

  try {
    await eventually(async () => {
      if (child.exitCode !== null) throw new Error(`haproxy exited with ${child.exitCode}:\n${logs.join("\n")}`);
      await serverStates();
    }, 10_000);
  } catch (error) {
    child.kill("SIGKILL");
    await rm(dir, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    logs,
    serverStates,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
