import { describe, expect, it } from "vitest";
import { compareTickets as serverCompare } from "../../server/queue/ordering.ts";
import { compareTickets } from "./queue-order.ts";

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const BASE = Date.parse("2026-03-10T08:00:00.000Z");

function randomTickets(next: () => number, count: number) {
  return Array.from({ length: count }, () => ({
    priority: next() < 0.2 ? ("URGENT" as const) : ("NORMAL" as const),
    // Few distinct times (5-minute steps, a few with milliseconds), so ties are common.
    queuedAt: new Date(BASE + Math.floor(next() * 12) * 300_000 + (next() < 0.1 ? 1 : 0)).toISOString(),
    number: 1 + Math.floor(next() * 30),
  }));
}

describe("the browser's queue order", () => {
  it("agrees with server/queue/ordering.ts on random tickets, pair by pair and sorted", () => {
    for (let seed = 1; seed <= 200; seed++) {
      const tickets = randomTickets(random(seed), 25);
      const asServer = tickets.map((t) => ({ ...t, queuedAt: new Date(t.queuedAt) }));
      for (let i = 0; i < tickets.length; i++) {
        for (let j = 0; j < tickets.length; j++) {
          expect(Math.sign(compareTickets(tickets[i]!, tickets[j]!)), `seed ${seed}, ${i} vs ${j}`).toBe(Math.sign(serverCompare(asServer[i]!, asServer[j]!)));
        }
      }
      const browserOrder = tickets.map((t, i) => ({ ...t, i })).sort(compareTickets).map((t) => t.i);
      const serverOrder = asServer.map((t, i) => ({ ...t, i })).sort(serverCompare).map((t) => t.i);
      expect(browserOrder).toEqual(serverOrder);
    }
  });

  it("puts urgent first, then the earlier queue time, then the lower number", () => {
    const at = (minutes: number) => new Date(BASE + minutes * 60_000).toISOString();
    const tickets = [
      { id: "late", priority: "NORMAL" as const, queuedAt: at(30), number: 1 },
      { id: "second", priority: "NORMAL" as const, queuedAt: at(10), number: 3 },
      { id: "first", priority: "NORMAL" as const, queuedAt: at(10), number: 2 },
      { id: "urgent", priority: "URGENT" as const, queuedAt: at(40), number: 4 },
    ];
    expect(tickets.sort(compareTickets).map((t) => t.id)).toEqual(["urgent", "first", "second", "late"]);
  });
});
