/**
 * One process of bench/scale.ts's simulated clients: socket.io-client sockets (WebSocket only,
 * like the app's pages), driven over IPC by bench/scale/clients.ts. Clients run outside the
 * orchestrating process so that its own work (sending broadcasts, scraping, HTTP load) does not
 * delay their receipts, and so that their CPU time can be reported on its own.
 *
 * Times are epoch milliseconds with sub-millisecond precision (performance.timeOrigin + now()),
 * comparable with the orchestrator's stamps on the same machine.
 */
import { performance } from "node:perf_hooks";
import { io as connect, type Socket } from "socket.io-client";
import type { WorkerCommand, WorkerReply } from "./protocol.ts";

const epoch = () => performance.timeOrigin + performance.now();

interface Client {
  socket: Socket;
  /** The last time it lost its connection after the storm was armed; 0 when it has not. */
  droppedAt: number;
  reconnectedAt: number;
  resyncedAt: number;
}

const clients: Client[] = [];
let collectingTag: string | null = null;
let latencies: number[] = [];
let received = 0;
let stormArmed = false;
let resyncFailures = 0;

/** The send time stamped into an announcement's body (`tag|sentAt|padding`) in this window, or null. */
function sentAtOf(announcement: unknown): number | null {
  if (!collectingTag || typeof announcement !== "object" || announcement === null || !("body" in announcement)) return null;
  const { body } = announcement;
  if (typeof body !== "string" || !body.startsWith(`${collectingTag}|`)) return null;
  const sentAt = Number(body.slice(collectingTag.length + 1, body.indexOf("|", collectingTag.length + 1)));
  return Number.isFinite(sentAt) ? sentAt : null;
}

function isData(reply: unknown): boolean {
  return typeof reply === "object" && reply !== null && "data" in reply;
}

async function open(command: Extract<WorkerCommand, { type: "connect" }>): Promise<WorkerReply> {
  const errors: string[] = [];
  let failed = 0;
  const openOne = (n: number) =>
    new Promise<void>((resolve) => {
      const cookie = command.cookies.length ? command.cookies[n % command.cookies.length]! : null;
      const socket = connect(command.url, {
        transports: ["websocket"],
        forceNew: true,
        reconnection: command.reconnect,
        timeout: command.timeoutMs,
        auth: command.auth,
        extraHeaders: cookie ? { cookie } : {},
      });
      const client: Client = { socket, droppedAt: 0, reconnectedAt: 0, resyncedAt: 0 };
      let settled = false;
      const finish = (error?: string) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (error) {
          failed += 1;
          if (errors.length < 5) errors.push(error);
          socket.close();
        } else {
          clients.push(client);
        }
        resolve();
      };
      const timer = setTimeout(() => finish(`no connection${command.resync ? " and resync" : ""} within ${command.timeoutMs} ms`), command.timeoutMs);
      socket.on("announcement:new", (announcement: unknown) => {
        const at = epoch();
        const sentAt = sentAtOf(announcement);
        if (sentAt === null) return;
        received += 1;
        latencies.push(at - sentAt);
      });
      socket.on("disconnect", () => {
        if (stormArmed && settled) client.droppedAt = epoch();
      });
      socket.on("connect", () => {
        const reconnect = settled && stormArmed && client.droppedAt > 0;
        if (reconnect) client.reconnectedAt = epoch();
        if (!command.resync) return finish();
        const { event, payload } = command.resync;
        socket
          .timeout(command.timeoutMs)
          .emitWithAck(event, payload)
          .then((reply: unknown) => {
            if (!isData(reply)) throw new Error(`${event} answered without data`);
            if (reconnect) client.resyncedAt = epoch();
            finish();
          })
          .catch((error: unknown) => {
            if (settled) resyncFailures += 1;
            finish(error instanceof Error ? error.message : String(error));
          });
      });
      socket.on("connect_error", (error) => {
        if (!command.reconnect) finish(error.message);
      });
    });

  for (let start = 0; start < command.count; start += command.batch) {
    await Promise.all(Array.from({ length: Math.min(command.batch, command.count - start) }, (_, k) => openOne(command.firstIndex + start + k)));
  }
  return { type: "connected", connected: clients.length, failed, errors };
}

function stormStatus(): WorkerReply {
  const dropped = clients.filter((c) => c.droppedAt > 0);
  return {
    type: "storm-status",
    clients: clients.length,
    connected: clients.filter((c) => c.socket.connected).length,
    droppedAt: Float64Array.from(dropped.map((c) => c.droppedAt)),
    reconnectedAt: Float64Array.from(dropped.map((c) => (c.reconnectedAt > c.droppedAt ? c.reconnectedAt : 0))),
    resyncedAt: Float64Array.from(dropped.map((c) => (c.resyncedAt > c.droppedAt ? c.resyncedAt : 0))),
    resyncFailures,
  };
}

async function run(command: WorkerCommand): Promise<WorkerReply> {
  switch (command.type) {
    case "connect":
      return open(command);
    case "collect-start":
      collectingTag = command.tag;
      latencies = [];
      received = 0;
      return { type: "ok" };
    case "collect-count":
      return { type: "count", received };
    case "collect-stop": {
      const reply: WorkerReply = { type: "latencies", latencies: Float64Array.from(latencies), received };
      collectingTag = null;
      latencies = [];
      return reply;
    }
    case "storm-arm":
      stormArmed = true;
      resyncFailures = 0;
      clients.forEach((c) => Object.assign(c, { droppedAt: 0, reconnectedAt: 0, resyncedAt: 0 }));
      return { type: "ok" };
    case "storm-status":
      return stormStatus();
    case "close":
      stormArmed = false;
      clients.splice(0).forEach((c) => c.socket.close());
      return { type: "ok" };
    case "usage": {
      const cpu = process.cpuUsage();
      return { type: "usage", cpuSeconds: (cpu.user + cpu.system) / 1e6, rss: process.memoryUsage().rss };
    }
  }
}

process.on("message", (message: { id: number; command: WorkerCommand }) => {
  void run(message.command).then(
    (reply) => process.send?.({ id: message.id, reply }),
    (error: unknown) => process.send?.({ id: message.id, reply: { type: "error", message: error instanceof Error ? error.message : String(error) } }),
  );
});
// The orchestrator went away (finished, failed or killed): nothing to keep open.
process.on("disconnect", () => process.exit(0));
process.send?.({ id: 0, reply: { type: "ok" } });
