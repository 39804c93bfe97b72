/**
 * The baseline for bench/queue.ts: bare Socket.IO with the Redis adapter, no auth, no
 * database, run as its own process like an app instance. Clients say which stream they follow
 * in the handshake (`auth.stream`: "board" or "public"; displays connect to /display).
 * `POST /emit` with `{ seq }` sends what one queue change sends in the app: a board event to
 * the board room, a public event to the public room and to the /display namespace, padded to
 * the app's payload sizes (BOARD_BYTES, PUBLIC_BYTES), then answers 204.
 *
 *   PORT=… REDIS_URL=… REDIS_KEY=… BOARD_BYTES=… PUBLIC_BYTES=… node --import tsx bench/bare-queue-server.ts
 */
import { createServer } from "node:http";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import { Server } from "socket.io";

const env = (name: string) => {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
};
const port = Number(env("PORT"));
const boardBytes = Number(env("BOARD_BYTES"));
const publicBytes = Number(env("PUBLIC_BYTES"));

const pub = new Redis(env("REDIS_URL"));
const sub = pub.duplicate();
const http = createServer((req, res) => {
  if (req.method !== "POST" || req.url !== "/emit") {
    res.statusCode = 404;
    res.end();
    return;
  }
  let body = "";
  req.on("data", (chunk: Buffer) => (body += chunk.toString()));
  req.on("end", () => {
    const seq = Number((JSON.parse(body) as { seq?: unknown }).seq);
    io.to("board").emit("queue:changed", padded(seq, boardBytes));
    const shown = padded(seq, publicBytes);
    io.to("public").emit("queue:public-changed", shown);
    io.of("/display").to("public").emit("queue:public-changed", shown);
    res.statusCode = 204;
    res.end();
  });
});
const io = new Server(http, { serveClient: false, transports: ["websocket"] });
io.adapter(createAdapter(pub, sub, { key: env("REDIS_KEY") }));
io.on("connection", (socket) => void socket.join((socket.handshake.auth as { stream?: string }).stream === "board" ? "board" : "public"));
io.of("/display").on("connection", (socket) => void socket.join("public"));

/** An event shaped like the app's, `bytes` long as JSON. */
function padded(seq: number, bytes: number) {
  const event = { departmentId: "00000000-0000-4000-8000-000000000000", seq, kind: "called", ticket: { id: "00000000-0000-4000-8000-000000000001", pad: "" } };
  event.ticket.pad = "x".repeat(Math.max(0, bytes - JSON.stringify(event).length));
  return event;
}

await sub.ping(); // the adapter's subscriptions are in place once this answers
http.listen(port, "127.0.0.1", () => console.log("listening"));
const stop = () => {
  void io.close(() => {
    pub.disconnect();
    sub.disconnect();
    process.exit(0);
  });
};
process.on("SIGTERM", stop);
process.on("SIGINT", stop);
