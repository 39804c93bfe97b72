import type { AckResult } from "../socket-ack";
import type { Message } from "./wire";

export interface SendPayload {
  conversationId: string;
  clientId: string;
  body: string;
  urgent: boolean;
}

export type SendOutcome = AckResult<{ message: Message; duplicate: boolean }>;

export interface Outgoing extends SendPayload {
  /** queued: waits for the one before it; sending: on its way; failed: not sent, see `problem`. */
  status: "queued" | "sending" | "failed";
  problem: { code: string; message: string; canRetry: boolean } | null;
}

export interface Transport {
  /** Sends one message and waits for its ack (or the timeout). */
  transmit: (payload: SendPayload) => Promise<SendOutcome>;
  /** The server has the message (the ack's copy, the same for a retry that found the first). */
  onSaved: (message: Message) => void;
}

export interface SendQueueOptions {
  onChange: (items: readonly Outgoing[]) => void;
  /** The message's own id, made once and kept for every retry. */
  newClientId: () => string;
  /** Attempts after a lost or failed ack before the message is shown as not sent. */
  autoRetries?: number;
}

/** A message's own id: a UUID (crypto.randomUUID exists only on https and localhost, so built from random bytes elsewhere). */
export function newClientId(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x40;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** Worth sending again as it is: the connection or the server had a moment, or the sender went too fast. */
const TRY_AGAIN = new Set(["TIMEOUT", "INTERNAL", "UNAVAILABLE", "UNEXPECTED", "RATE_LIMITED"]);

/**
 * The composer's outbox. Messages go one at a time, in the order they were written, so the
 * conversation keeps the order the sender meant. Each has a `clientId` made once: every retry
 * (automatic after a lost ack, or the "Retry" button) sends the same one, and the server
 * answers a retry of a saved message with that message, so nothing is posted twice.
 */
export class SendQueue {
  private items: Outgoing[] = [];
  private pumping = false;

  constructor(
    private readonly options: SendQueueOptions,
    private transport: Transport | null = null,
  ) {}

  /** Where messages go from now on (the page's connection); null holds them until there is one. */
  connect(transport: Transport | null): void {
    this.transport = transport;
    void this.pump();
  }

  get outgoing(): readonly Outgoing[] {
    return this.items;
  }

  /** Queues a message; returns its clientId. */
  send(conversationId: string, body: string, urgent: boolean): string {
    const clientId = this.options.newClientId();
    this.items = [...this.items, { conversationId, clientId, body, urgent, status: "queued", problem: null }];
    this.changed();
    void this.pump();
    return clientId;
  }

  /** "Retry" on a message that was not sent: same clientId, back in line. */
  retry(clientId: string): void {
    if (!this.items.some((i) => i.clientId === clientId && i.status === "failed")) return;
    this.update(clientId, { status: "queued", problem: null });
    void this.pump();
  }

  /** Forget a message that was not sent. */
  discard(clientId: string): void {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.clientId !== clientId || i.status === "sending");
    if (this.items.length !== before) this.changed();
  }

  /** The server's copy arrived another way (a live event): the message is sent. */
  settle(clientId: string): void {
    const before = this.items.length;
    this.items = this.items.filter((i) => i.clientId !== clientId || i.status === "sending");
    if (this.items.length !== before) this.changed();
  }

  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      for (let next = this.nextQueued(); next && this.transport; next = this.nextQueued()) await this.deliver(next, this.transport);
    } finally {
      this.pumping = false;
    }
  }

  private nextQueued(): Outgoing | undefined {
    return this.items.find((i) => i.status === "queued");
  }

  private async deliver(item: Outgoing, transport: Transport): Promise<void> {
    this.update(item.clientId, { status: "sending" });
    const payload: SendPayload = { conversationId: item.conversationId, clientId: item.clientId, body: item.body, urgent: item.urgent };
    const attempts = 1 + (this.options.autoRetries ?? 1);
    let outcome: SendOutcome | null = null;
    for (let attempt = 0; attempt < attempts; attempt++) {
      outcome = await transport.transmit(payload).catch((): SendOutcome => ({ ok: false, code: "UNEXPECTED", message: "The message could not be sent.", retry: true }));
      if (outcome.ok || !outcome.retry) break;
    }
    if (outcome?.ok) {
      this.items = this.items.filter((i) => i.clientId !== item.clientId);
      this.changed();
      transport.onSaved(outcome.data.message);
      return;
    }
    const problem = outcome ? { code: outcome.code, message: outcome.message, canRetry: TRY_AGAIN.has(outcome.code) } : null;
    this.update(item.clientId, { status: "failed", problem });
  }

  private update(clientId: string, change: Partial<Outgoing>): void {
    this.items = this.items.map((i) => (i.clientId === clientId ? { ...i, ...change } : i));
    this.changed();
  }

  private changed(): void {
    this.options.onChange(this.items);
  }
}
