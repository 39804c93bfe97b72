/**
 * The baseline for bench/scale.ts: bare Socket.IO (no auth, no database, no Next.js) on a plain
 * node:http server, run as its own process like an app instance and measured the same way
 * (prom-client's default metrics on /metrics, the probe for event-loop utilization).
 *
 * - Every socket joins one room; `POST /emit` with `{ body }` sends an announcement-shaped event
 *   (the app's `announcement:new`) to it and answers 201, like the app's POST /api/announcements.
 * - The `resync` event is acked at once with `{ data: { seq: 0 } }`: the bare stand-in for the
 *   app's `queue:watch` snapshot after a reconnect.
 * - `GET /page` and `GET /api` answer PAGE_BYTES of HTML and API_BYTES of JSON, the sizes of the
 *   app's /staff page and GET /api/announcements: the bare floor for HTTP requests per second.
 * - `GET /api/ready` for the load balancer's health checks (tests/helpers/load-balancer.ts).
 *
 *   PORT=… [REDIS_URL=… REDIS_KEY=…] PAGE_BYTES=… API_BYTES=… node --import tsx bench/scale/bare-server.ts
 */
import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Gauge, Registry, collectDefaultMetrics } from "prom-client";
import { Server } from "socket.io";
import { z } from "zod";

const port = Number(process.env.PORT);
const pageBytes = Number(process.env.PAGE_BYTES ?? 1024);
const apiBytes = Number(process.env.API_BYTES ?? 512);
const redisUrl = process.env.REDIS_URL;
const ROOM = "staff";

const registry = new Registry();
collectDefaultMetrics({ register: registry });
const connected = new Gauge({ name: "bare_socketio_connected_clients", help: "Socket.IO clients connected to this process", registers: [registry] });

const page = `<!doctype html><html><body>${"x".repeat(Math.max(0, pageBytes - 40))}</body></html>`;
const api = JSON.stringify({ data: { announcements: [], pad: "x".repeat(Math.max(0, apiBytes - 40)) } });
const emitSchema = z.object({ body: z.string().min(1).max(2000) });
const author = { id: randomUUID(), displayName: "Bare Baseline" };

const http = createServer((req, res) => void handle(req, res));
const io = new Server(http, { serveClient: false, transports: ["websocket"], pingInterval: 20_000, pingTimeout: 20_000, maxHttpBufferSize: 64 * 1024 });
const redis = redisUrl ? new Redis(redisUrl) : null;
const sub = redis?.duplicate() ?? null;
if (redis && sub) io.adapter(createAdapter(redis, sub, { key: process.env.REDIS_KEY ?? "bench:scale:bare" }));

io.on("connection", (socket) => {
  connected.inc();
  void socket.join(ROOM);
  socket.on("resync", (_payload: unknown, ack: unknown) => {
    if (typeof ack === "function") ack({ data: { seq: 0 } });
  });
  socket.on("disconnect", () => connected.dec());
});

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const send = (status: number, type: string, body: string) => {
    res.statusCode = status;
    res.setHeader("content-type", type);
    res.end(body);
  };
  if (req.method === "GET" && req.url === "/api/ready") return send(200, "application/json", '{"status":"ok"}');
  if (req.method === "GET" && req.url === "/page") return send(200, "text/html; charset=utf-8", page);
  if (req.method === "GET" && req.url === "/api") return send(200, "application/json", api);
  if (req.method === "GET" && req.url === "/metrics") return send(200, registry.contentType, await registry.metrics());
  if (req.method === "POST" && req.url === "/emit") {
    let raw = "";
    for await (const chunk of req) raw += String(chunk);
    let json: unknown = null;
    try {
      json = JSON.parse(raw);
    } catch {
      // answered below
    }
    const parsed = emitSchema.safeParse(json);
    if (!parsed.success) return send(400, "application/json", '{"error":{"code":"VALIDATION_FAILED"}}');
    const announcement = { id: randomUUID(), body: parsed.data.body, createdAt: new Date().toISOString(), author };
    io.to(ROOM).emit("announcement:new", announcement);
    return send(201, "application/json", JSON.stringify({ data: { announcement } }));
  }
  send(404, "application/json", '{"error":{"code":"NOT_FOUND"}}');
}

if (sub) await sub.ping(); // the adapter's subscriptions are in place once this answers
http.listen(port, "127.0.0.1", () => console.log("listening"));

const stop = () => {
  void io.close(() => {
    redis?.disconnect();
    sub?.disconnect();
    process.exit(0);
  });
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
