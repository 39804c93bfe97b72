import type { IncomingMessage } from "node:http";
import { NodeWebSocket } from "engine.io-client";
import { expect } from "vitest";
import { io as connect, type Socket } from "socket.io-client";
import { applyBoardEvent, boardStateFrom, type BoardState } from "../../app/_lib/queue-apply.ts";
import { queueChangedSchema, queueSnapshotSchema, type BoardEvent } from "../../app/_lib/queue-wire.ts";
import { SequencedStream } from "../../app/_lib/sequenced-stream.ts";
import type { Db } from "../../server/db/client.ts";
import type { AckResponse, ClientToServerEvents, ServerToClientEvents } from "../../server/gateway/contract.ts";
import type { MessageView, SyncResult } from "../../server/messaging/views.ts";
import { getQueueSnapshot } from "../../server/queue/queue-snapshot.ts";

/**
 * Clients for the failure drills: Socket.IO sockets that reconnect on their own (like the
 * browser's, app/_lib/use-clinic-socket.ts) and keep their own picture of what they follow by
 * the browser's rules, so a drill can compare every client's view with PostgreSQL:
 *
 * - a reception board: `queue:watch` (the ack is a snapshot at a seq), then `queue:changed`
 *   applied with the browser's own SequencedStream and applyBoardEvent; a gap, every
 *   (re)connect and every `server:resync` watch again (app/_lib/use-queue-stream.ts);
 * - conversations: messages by id, and the highest eventSeq applied without a gap; every
 *   (re)connect, every gap and every `server:resync` runs `conversation:sync` from there
 *   (app/_lib/messaging/use-conversation.ts).
 */
export type LiveSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

const ACK_TIMEOUT_MS = 8_000;
const RETRY_AFTER_MS = 500;

export interface LiveClientOptions {
  /** Label for failure messages. */
  name: string;
  url: string;
  cookie: string;
  /** Departments whose board this client follows. */
  boards?: string[];
  /** Conversations this client follows. */
  conversations?: string[];
}

export interface LiveClient {
  name: string;
  socket: LiveSocket;
  /** Every `connect` (the first one included). */
  connects: number;
  /** How many `server:resync` notices arrived. */
  resyncNotices: number;
  /** Failed connection attempts (refused handshakes included). */
  refusals: number;
  /** The instance (haproxy's server name) each connection landed on, in order; the last is the current one. */
  backends: string[];
  /** Live events as they arrived: `queue:<seq>`, `message:<id>:<eventSeq>`, `server:draining`, `server:resync`. */
  received: string[];
  board(departmentId: string): BoardState | null;
  /** A conversation as this client shows it: messages in seq order, each in its latest version. */
  messages(conversationId: string): MessageView[];
  /** Highest eventSeq applied with nothing missing below it. */
  caughtUpTo(conversationId: string): number;
  /** Resolves once connected. */
  connected(timeoutMs?: number): Promise<void>;
  close(): void;
}

function emitWithAck<T>(socket: LiveSocket, event: keyof ClientToServerEvents, payload: unknown): Promise<AckResponse<T>> {
  return (socket.timeout(ACK_TIMEOUT_MS).emitWithAck as (e: string, p: unknown) => Promise<AckResponse<T>>)(event, payload);
}

export function startLiveClient(opts: LiveClientOptions): LiveClient {
  const backends: string[] = [];
  // The WebSocket transport, noting which instance haproxy sent each handshake to (its
  // x-clinicflow-backend response header on the 101).
  class TrackedWebSocket extends NodeWebSocket {
    override createSocket(uri: string, protocols: string | string[] | undefined, options: Record<string, unknown>) {
      const ws = super.createSocket(uri, protocols, options) as { once(event: "upgrade", listener: (res: IncomingMessage) => void): void };
      ws.once("upgrade", (res) => backends.push(String(res.headers["x-clinicflow-backend"] ?? "unknown")));
      return ws;
    }
  }
  const socket: LiveSocket = connect(opts.url, {
    transports: [TrackedWebSocket],
    forceNew: true,
    timeout: 5_000,
    // Like the browser: reconnect for ever. Shorter waits than the default (1–5 s) keep drills quick.
    reconnection: true,
    reconnectionDelay: 300,
    reconnectionDelayMax: 1_500,
    extraHeaders: { cookie: opts.cookie },
    auth: { presence: false },
  });
  let closed = false;
  const later = (fn: () => void) => setTimeout(() => !closed && fn(), RETRY_AFTER_MS);

  // Boards: one SequencedStream each, exactly the browser's rules.
  const streams = new Map<string, SequencedStream<BoardState, BoardEvent>>();
  for (const departmentId of opts.boards ?? []) streams.set(departmentId, new SequencedStream<BoardState, BoardEvent>(applyBoardEvent));
  const rewatch = (departmentId: string) => {
    const stream = streams.get(departmentId)!;
    if (closed || !socket.connected) return;
    stream.rereadSent();
    emitWithAck<unknown>(socket, "queue:watch", { departmentId }).then(
      (reply) => {
        const snapshot = queueSnapshotSchema.safeParse("data" in reply ? reply.data : null);
        if (!snapshot.success) {
          stream.rereadFailed();
          return later(() => rewatch(departmentId));
        }
        if (stream.snapshotArrived(boardStateFrom(snapshot.data)).reread) rewatch(departmentId);
      },
      () => {
        stream.rereadFailed();
        later(() => rewatch(departmentId));
      },
    );
  };
  const received: string[] = [];
  socket.on("queue:changed", (raw) => {
    const event = queueChangedSchema.safeParse(raw).data;
    if (event) received.push(`queue:${event.seq}`);
    const stream = event && streams.get(event.departmentId);
    if (event && stream && stream.eventArrived(event).reread) rewatch(event.departmentId);
  });

  // Conversations: messages by id (latest eventSeq wins), caught up to `through`.
  interface Followed {
    byId: Map<string, MessageView>;
    through: number;
    /** eventSeqs seen above `through` (live events past a gap). */
    ahead: Set<number>;
    syncing: boolean;
    syncAgain: boolean;
  }
  const followed = new Map<string, Followed>();
  for (const id of opts.conversations ?? []) followed.set(id, { byId: new Map(), through: 0, ahead: new Set(), syncing: false, syncAgain: false });
  const take = (c: Followed, message: MessageView) => {
    const known = c.byId.get(message.id);
    if (!known || known.eventSeq < message.eventSeq) c.byId.set(message.id, message);
  };
  const advance = (c: Followed) => {
    while (c.ahead.has(c.through + 1)) c.ahead.delete(++c.through);
    for (const seq of c.ahead) if (seq <= c.through) c.ahead.delete(seq);
  };
  const sync = async (conversationId: string): Promise<void> => {
    const c = followed.get(conversationId)!;
    if (closed || !socket.connected) return;
    if (c.syncing) {
      c.syncAgain = true;
      return;
    }
    c.syncing = true;
    try {
      for (let round = 0; round < 50; round++) {
        const reply = await emitWithAck<SyncResult>(socket, "conversation:sync", { conversationId, afterEventSeq: c.through });
        if ("error" in reply) throw new Error(reply.error.code);
        reply.data.messages.forEach((m) => take(c, m));
        const newest = reply.data.messages.reduce((max, m) => Math.max(max, m.eventSeq), c.through);
        c.through = reply.data.hasMore ? newest : Math.max(c.through, reply.data.lastEventSeq);
        advance(c);
        if (!reply.data.hasMore) break;
      }
    } catch {
      later(() => void sync(conversationId));
    } finally {
      c.syncing = false;
    }
    if (c.syncAgain || c.ahead.size > 0) {
      c.syncAgain = false;
      void sync(conversationId);
    }
  };
  const onMessage = (message: MessageView) => {
    received.push(`message:${message.id}:${message.eventSeq}`);
    const c = followed.get(message.conversationId);
    if (!c) return;
    take(c, message);
    if (message.eventSeq > c.through) c.ahead.add(message.eventSeq);
    advance(c);
    if (c.ahead.size > 0) void sync(message.conversationId);
  };
  socket.on("message:new", onMessage);
  socket.on("message:updated", onMessage);

  const resyncAll = () => {
    for (const departmentId of streams.keys()) rewatch(departmentId);
    for (const conversationId of followed.keys()) void sync(conversationId);
  };
  const client: LiveClient = {
    name: opts.name,
    socket,
    connects: 0,
    resyncNotices: 0,
    refusals: 0,
    backends,
    received,
    board: (departmentId) => streams.get(departmentId)?.snapshot ?? null,
    messages: (conversationId) => [...(followed.get(conversationId)?.byId.values() ?? [])].sort((a, b) => a.seq - b.seq),
    caughtUpTo: (conversationId) => followed.get(conversationId)?.through ?? 0,
    connected: (timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        if (socket.connected) return resolve();
        const timer = setTimeout(() => reject(new Error(`${opts.name} did not connect within ${timeoutMs} ms`)), timeoutMs);
        socket.once("connect", () => {
          clearTimeout(timer);
          resolve();
        });
      }),
    close() {
      closed = true;
      socket.close();
    },
  };
  socket.on("connect", () => {
    client.connects += 1;
    resyncAll();
  });
  // The server's Redis connection came back: broadcasts from other instances may have been lost.
  socket.on("server:resync", () => {
    client.resyncNotices += 1;
    received.push("server:resync");
    resyncAll();
  });
  socket.on("server:draining", () => void received.push("server:draining"));
  // Refused at the handshake with UNAVAILABLE (PostgreSQL is down): Socket.IO does not retry
  // that on its own; the browser connects again a little later (use-clinic-socket.ts).
  socket.on("connect_error", (error: Error & { data?: { code?: unknown } }) => {
    client.refusals += 1;
    if (!socket.active && error.data?.code === "UNAVAILABLE") later(() => socket.connect());
  });
  return client;
}

/** What a board shows that matters: each ticket's id, state, room and calls, in board order; and the seq. */
export function boardEssentials(board: { seq: number; tickets: { id: string; state: string; calledTo: string | null; callCount: number; position: number | null }[] } | null) {
  return board && { seq: board.seq, tickets: board.tickets.map((t) => [t.id, t.state, t.calledTo, t.callCount, t.position] as const) };
}

/** Asserts that every client's board for the department equals a fresh snapshot read from PostgreSQL. */
export async function expectBoardsMatchDatabase(db: Db, departmentId: string, clients: LiveClient[]): Promise<void> {
  const truth = boardEssentials(await getQueueSnapshot(db, departmentId));
  for (const client of clients) expect({ client: client.name, board: boardEssentials(client.board(departmentId)) }).toEqual({ client: client.name, board: truth });
}

/** A message as compared: the fields a change can touch. */
function messageEssentials(m: { id: string; seq: number; eventSeq: number; body: string; deletedAt: string | Date | null; editedAt: string | Date | null }) {
  const iso = (d: string | Date | null) => (d === null ? null : new Date(d).toISOString());
  return [m.id, m.seq, m.eventSeq, m.body, iso(m.deletedAt), iso(m.editedAt)] as const;
}

/** Asserts that every client shows exactly the conversation's messages in PostgreSQL, each in its latest version. */
export async function expectConversationsMatchDatabase(db: Db, conversationId: string, clients: LiveClient[]): Promise<void> {
  const rows = await db.message.findMany({ where: { conversationId }, orderBy: { seq: "asc" }, select: { id: true, seq: true, eventSeq: true, body: true, deletedAt: true, editedAt: true } });
  const truth = rows.map(messageEssentials);
  const lastEventSeq = rows.reduce((max, r) => Math.max(max, r.eventSeq), 0);
  for (const client of clients) {
    expect({ client: client.name, messages: client.messages(conversationId).map(messageEssentials), through: client.caughtUpTo(conversationId) }).toEqual({
      client: client.name,
      messages: truth,
      through: lastEventSeq,
    });
  }
}
