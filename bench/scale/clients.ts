import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import type { WorkerCommand, WorkerReply } from "./protocol.ts";
import { terminate, track } from "./processes.ts";

type Reply<T extends WorkerReply["type"]> = Extract<WorkerReply, { type: T }>;

/** One client process and its pending requests. */
class ClientProcess {
  private nextId = 1;
  private pending = new Map<number, { resolve: (reply: WorkerReply) => void; reject: (error: Error) => void; timer: NodeJS.Timeout }>();

  constructor(readonly child: ChildProcess) {
    child.on("message", (message: { id: number; reply: WorkerReply }) => {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      clearTimeout(waiting.timer);
      if (message.reply.type === "error") waiting.reject(new Error(`client process: ${message.reply.message}`));
      else waiting.resolve(message.reply);
    });
    child.once("exit", (code) => {
      for (const waiting of this.pending.values()) {
        clearTimeout(waiting.timer);
        waiting.reject(new Error(`a client process exited (${code}) while a request was pending`));
      }
      this.pending.clear();
    });
  }

  request<T extends WorkerReply["type"]>(command: WorkerCommand, expect: T, timeoutMs: number): Promise<Reply<T>> {
    const id = this.nextId++;
    return new Promise<Reply<T>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`client process: no answer to ${command.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, {
        resolve: (reply) => (reply.type === expect ? resolve(reply as Reply<T>) : reject(new Error(`client process answered ${reply.type} to ${command.type}`))),
        reject,
        timer,
      });
      this.child.send({ id, command });
    });
  }
}

export interface StormStatus {
  clients: number;
  connected: number;
  droppedAt: number[];
  reconnectedAt: number[];
  resyncedAt: number[];
  resyncFailures: number;
}

/**
 * The simulated clients, spread over `count` processes (bench/scale/client-worker.ts). Each
 * command goes to every process and their answers are merged.
 */
export class ClientPool {
  private opened = 0;

  private constructor(private readonly processes: ClientProcess[]) {}

  static async start(count: number): Promise<ClientPool> {
    const processes = await Promise.all(
      Array.from({ length: count }, async () => {
        const child = track(
          spawn(process.execPath, ["--import", "tsx", path.join(import.meta.dirname, "client-worker.ts")], {
            env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", NODE_ENV: "production" },
            stdio: ["ignore", "inherit", "inherit", "ipc"],
            serialization: "advanced",
          }),
        );
        await new Promise<void>((resolve, reject) => {
          const timer = setTimeout(() => reject(new Error("a client process did not start within 30 s")), 30_000);
          child.once("message", () => {
            clearTimeout(timer);
            resolve();
          });
          child.once("exit", (code) => reject(new Error(`a client process exited with ${code} on start`)));
        });
        return new ClientProcess(child);
      }),
    );
    return new ClientPool(processes);
  }

  get size(): number {
    return this.processes.length;
  }

  /** Opens `count` more clients, split evenly over the processes; resolves with how many are open in all and what failed. */
  async connect(options: Omit<Extract<WorkerCommand, { type: "connect" }>, "type" | "count" | "firstIndex"> & { count: number }): Promise<{ connected: number; failed: number; errors: string[] }> {
    const share = Math.floor(options.count / this.processes.length);
    const extra = options.count % this.processes.length;
    let firstIndex = this.opened;
    const replies = await Promise.all(
      this.processes.map((p, i) => {
        const count = share + (i < extra ? 1 : 0);
        const command: WorkerCommand = { type: "connect", ...options, count, firstIndex };
        firstIndex += count;
        // Every socket has timeoutMs; batches run one after another.
        return p.request(command, "connected", options.timeoutMs * (Math.ceil(count / options.batch) + 2));
      }),
    );
    this.opened += options.count;
    return {
      connected: replies.reduce((sum, r) => sum + r.connected, 0),
      failed: replies.reduce((sum, r) => sum + r.failed, 0),
      errors: replies.flatMap((r) => r.errors),
    };
  }

  async collectStart(tag: string): Promise<void> {
    await Promise.all(this.processes.map((p) => p.request({ type: "collect-start", tag }, "ok", 10_000)));
  }

  /** Announcements of the current window received so far, in all processes. */
  async collected(): Promise<number> {
    const replies = await Promise.all(this.processes.map((p) => p.request({ type: "collect-count" }, "count", 10_000)));
    return replies.reduce((sum, r) => sum + r.received, 0);
  }

  async collectStop(): Promise<{ latencies: Float64Array[]; received: number }> {
    const replies = await Promise.all(this.processes.map((p) => p.request({ type: "collect-stop" }, "latencies", 30_000)));
    return { latencies: replies.map((r) => r.latencies), received: replies.reduce((sum, r) => sum + r.received, 0) };
  }

  async stormArm(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.request({ type: "storm-arm" }, "ok", 10_000)));
  }

  async stormStatus(): Promise<StormStatus> {
    const replies = await Promise.all(this.processes.map((p) => p.request({ type: "storm-status" }, "storm-status", 10_000)));
    return {
      clients: replies.reduce((sum, r) => sum + r.clients, 0),
      connected: replies.reduce((sum, r) => sum + r.connected, 0),
      droppedAt: replies.flatMap((r) => [...r.droppedAt]),
      reconnectedAt: replies.flatMap((r) => [...r.reconnectedAt]),
      resyncedAt: replies.flatMap((r) => [...r.resyncedAt]),
      resyncFailures: replies.reduce((sum, r) => sum + r.resyncFailures, 0),
    };
  }

  /** Closes every client (the processes stay). */
  async closeAll(): Promise<void> {
    await Promise.all(this.processes.map((p) => p.request({ type: "close" }, "ok", 30_000)));
    this.opened = 0;
  }

  /** CPU seconds used so far and RSS, summed over the client processes. */
  async usage(): Promise<{ cpuSeconds: number; rss: number }> {
    const replies = await Promise.all(this.processes.map((p) => p.request({ type: "usage" }, "usage", 10_000)));
    return { cpuSeconds: replies.reduce((sum, r) => sum + r.cpuSeconds, 0), rss: replies.reduce((sum, r) => sum + r.rss, 0) };
  }

  async stop(): Promise<void> {
    await Promise.all(this.processes.map((p) => terminate(p.child, 5_000)));
  }
}
