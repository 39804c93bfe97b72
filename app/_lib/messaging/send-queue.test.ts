import { describe, expect, it } from "vitest";
import { newClientId, SendQueue, type Outgoing, type SendOutcome, type SendPayload } from "./send-queue.ts";
import { aMessage } from "./test-fixtures.ts";
import type { Message } from "./wire.ts";

function saved(payload: SendPayload, seq: number): Message {
  const { conversationId, clientId, body, urgent } = payload;
  return aMessage(seq, { id: `id-${clientId}`, conversationId, clientId, sender: { id: "me", displayName: "Me" }, body, urgent });
}

const timeout: SendOutcome = { ok: false, code: "TIMEOUT", message: "The live connection did not answer.", retry: true };

/** A queue whose transport answers from a script, recording every payload it was given. */
function harness(answers: ((payload: SendPayload) => SendOutcome)[], autoRetries = 1) {
  const sent: SendPayload[] = [];
  const savedMessages: Message[] = [];
  let states: readonly Outgoing[] = [];
  let ids = 0;
  let seq = 0;
  const queue = new SendQueue(
    { onChange: (items) => (states = items), newClientId: () => `client-${++ids}`, autoRetries },
    {
      transmit: async (payload) => {
        sent.push(payload);
        const answer = answers.shift() ?? ((p: SendPayload) => ({ ok: true, data: { message: saved(p, ++seq), duplicate: false } }));
        return answer(payload);
      },
      onSaved: (m) => savedMessages.push(m),
    },
  );
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  return { queue, sent, savedMessages, states: () => states, settle };
}

describe("the message outbox", () => {
  it("sends once and hands the saved message over", async () => {
    const h = harness([]);
    h.queue.send("c1", "Hello", false);
    expect(h.states()[0]?.status).toBe("sending");
    await h.settle();
    expect(h.sent).toEqual([{ conversationId: "c1", clientId: "client-1", body: "Hello", urgent: false }]);
    expect(h.savedMessages.map((m) => m.body)).toEqual(["Hello"]);
    expect(h.states()).toEqual([]);
  });

  it("retries a lost ack with the same clientId", async () => {
    const h = harness([() => timeout]);
    h.queue.send("c1", "Hello", true);
    await h.settle();
    expect(h.sent.map((p) => p.clientId)).toEqual(["client-1", "client-1"]);
    expect(h.savedMessages).toHaveLength(1);
  });

  it("shows a message as not sent after the automatic retries, and Retry sends the same clientId", async () => {
    const h = harness([() => timeout, () => timeout]);
    h.queue.send("c1", "Hello", false);
    await h.settle();
    expect(h.states()).toMatchObject([{ status: "failed", clientId: "client-1", problem: { code: "TIMEOUT", canRetry: true } }]);
    h.queue.retry("client-1");
    await h.settle();
    expect(h.sent.map((p) => p.clientId)).toEqual(["client-1", "client-1", "client-1"]);
    expect(h.states()).toEqual([]);
    expect(h.savedMessages).toHaveLength(1);
  });

  it("does not retry what the server refused, and says why", async () => {
    const h = harness([() => ({ ok: false, code: "VALIDATION_FAILED", message: "A message has at most 4000 characters.", retry: false })]);
    h.queue.send("c1", "x".repeat(4001), false);
    await h.settle();
    expect(h.sent).toHaveLength(1);
    expect(h.states()).toMatchObject([{ status: "failed", problem: { code: "VALIDATION_FAILED", canRetry: false, message: "A message has at most 4000 characters." } }]);
    h.queue.discard("client-1");
    expect(h.states()).toEqual([]);
  });

  it("sends in the order written, one at a time, and keeps going past a failure", async () => {
    const h = harness([() => ({ ok: false, code: "FORBIDDEN", message: "No.", retry: false })]);
    h.queue.send("c1", "first", false);
    h.queue.send("c1", "second", false);
    h.queue.send("c1", "third", false);
    expect(h.states().map((i) => i.status)).toEqual(["sending", "queued", "queued"]);
    await h.settle();
    expect(h.sent.map((p) => p.body)).toEqual(["first", "second", "third"]);
    expect(h.savedMessages.map((m) => m.body)).toEqual(["second", "third"]);
    expect(h.states().map((i) => i.body)).toEqual(["first"]);
  });

  it("drops a message that arrived live before its ack only once the ack is in", async () => {
    const h = harness([]);
    h.queue.send("c1", "Hello", false);
    h.queue.settle("client-1");
    expect(h.states()).toHaveLength(1);
    await h.settle();
    expect(h.states()).toEqual([]);
  });

  it("holds messages until it has a connection", async () => {
    const h = harness([]);
    const transport = { transmit: (p: SendPayload) => Promise.resolve<SendOutcome>({ ok: true, data: { message: saved(p, 1), duplicate: false } }), onSaved: (m: Message) => h.savedMessages.push(m) };
    h.queue.connect(null);
    h.queue.send("c1", "Hello", false);
    await h.settle();
    expect(h.states()).toMatchObject([{ status: "queued" }]);
    h.queue.connect(transport);
    await h.settle();
    expect(h.states()).toEqual([]);
    expect(h.savedMessages.map((m) => m.body)).toEqual(["Hello"]);
  });

  it("treats a transport that throws as a lost ack", async () => {
    const h = harness([
      () => {
        throw new Error("socket closed");
      },
    ], 0);
    h.queue.send("c1", "Hello", false);
    await h.settle();
    expect(h.states()).toMatchObject([{ status: "failed", problem: { canRetry: true } }]);
  });
});

describe("a message's clientId", () => {
  it("is a fresh UUID each time", () => {
    const a = newClientId();
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(newClientId()).not.toBe(a);
  });
});
