import { describe, expect, it } from "vitest";
import { rooms } from "../../server/gateway/rooms.ts";
import { BOARD, followQueue, PUBLIC } from "./follow-queue.ts";
import type { ClinicSocket } from "./use-clinic-socket.ts";

const A = "00000000-0000-4000-8000-00000000000a";

/** Just enough of a Socket.IO client to see what the follower sends and listens to; watches are answered at once. */
class FakeSocket {
  connected = true;
  sent: { event: string; payload: unknown }[] = [];
  listeners = new Map<string, Set<(...args: unknown[]) => void>>();
  seq = 0;

  on(event: string, listener: (...args: unknown[]) => void) {
    if (!this.listeners.has(event)) this.listeners.set(event, new Set());
    this.listeners.get(event)!.add(listener);
    return this;
  }
  off(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.get(event)?.delete(listener);
    return this;
  }
  emit(event: string, payload: unknown, ack?: (...args: unknown[]) => void) {
    this.sent.push({ event, payload });
    ack?.({ data: { room: "x" } });
    return this;
  }
  timeout() {
    return {
      emit: (event: string, payload: { departmentId: string }, ack: (error: unknown, response: unknown) => void) => {
        this.sent.push({ event, payload });
        ack(null, { data: { departmentId: payload.departmentId, departmentName: "X", ticketPrefix: "X", seq: this.seq, tickets: [] } });
      },
    };
  }
  fire(event: string) {
    for (const listener of this.listeners.get(event) ?? []) listener();
  }
  listening(): string[] {
    return [...this.listeners].filter(([, set]) => set.size > 0).map(([event]) => event);
  }
}

const asSocket = (fake: FakeSocket) => fake as unknown as ClinicSocket;
const quiet = { onSnapshot: () => undefined, onProblem: () => undefined };

describe("following a department's queue", () => {
  it("leaves the public stream's room when it stops, and stops listening", () => {
    const socket = new FakeSocket();
    const stop = followQueue(PUBLIC, asSocket(socket), A, null, quiet);
    expect(socket.sent.map((s) => s.event)).toEqual(["queue:watch-public"]);
    expect(socket.listening().sort()).toEqual(["connect", "queue:public-changed", "server:resync"]);
    stop();
    expect(socket.sent.at(-1)).toEqual({ event: "room:leave", payload: { room: rooms.queuePublic(A) } });
    expect(socket.listening()).toEqual([]);
  });

  it("leaves the board's room when it stops", () => {
    const socket = new FakeSocket();
    followQueue(BOARD, asSocket(socket), A, null, quiet)();
    expect(socket.sent.at(-1)).toEqual({ event: "room:leave", payload: { room: rooms.queue(A) } });
  });

  it("sends nothing when stopped while offline: the server dropped the socket's rooms already", () => {
    const socket = new FakeSocket();
    const stop = followQueue(PUBLIC, asSocket(socket), A, null, quiet);
    socket.connected = false;
    stop();
    expect(socket.sent.map((s) => s.event)).toEqual(["queue:watch-public"]);
  });

  it("still watches again on reconnect and on server:resync while following, and not after stopping", () => {
    const socket = new FakeSocket();
    const pictures: number[] = [];
    const stop = followQueue(PUBLIC, asSocket(socket), A, null, { onSnapshot: (s) => pictures.push(s.seq), onProblem: () => undefined });
    socket.seq = 4;
    socket.fire("connect");
    socket.seq = 9;
    socket.fire("server:resync");
    expect(socket.sent.map((s) => s.event)).toEqual(["queue:watch-public", "queue:watch-public", "queue:watch-public"]);
    expect(pictures).toEqual([0, 4, 9]);
    stop();
    socket.fire("connect");
    socket.fire("server:resync");
    expect(socket.sent.map((s) => s.event)).toEqual(["queue:watch-public", "queue:watch-public", "queue:watch-public", "room:leave"]);
  });
});
