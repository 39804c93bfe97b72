import type { Inbox, InboxChange } from "./inbox";

export type InboxEvent = (inbox: Inbox) => InboxChange;

export type InboxRead = { ok: true; inbox: Inbox } | { ok: false; message: string };

export interface LiveInboxOptions {
  /** GET /api/conversations. */
  read: () => Promise<InboxRead>;
  onChange: (inbox: Inbox) => void;
  onProblem: (message: string | null) => void;
  /** Re-reads asked for by events are gathered for this long. */
  rereadDelayMs?: number;
}

/** An inbox change that needs no re-read. */
export function settled(inbox: Inbox): InboxChange {
  return { inbox, reread: false };
}

/**
 * The inbox between reads of the list: live events are applied as they come, and the events
 * that arrive while a read is on its way are applied again on top of its answer (every inbox
 * change is idempotent), so an answer read just before a message cannot hide that message.
 */
export class LiveInbox {
  private current: Inbox | null = null;
  private duringRead: InboxEvent[] | null = null;
  private readAgain = false;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly options: LiveInboxOptions) {}

  get inbox(): Inbox | null {
    return this.current;
  }

  apply(event: InboxEvent): void {
    this.duringRead?.push(event);
    if (!this.current) return; // the read on its way (or the next one) brings it
    const { inbox, reread } = event(this.current);
    if (inbox !== this.current) this.publish(inbox);
    if (reread) this.rereadSoon();
  }

  /** Reads the list now (a connect or reconnect); a read already on its way is followed by another. */
  async reload(): Promise<void> {
    if (this.duringRead) {
      this.readAgain = true;
      return;
    }
    clearTimeout(this.timer);
    this.duringRead = [];
    const answer = await this.options.read();
    const events = this.duringRead;
    this.duringRead = null;
    if (answer.ok) {
      // A re-read asked for by an event replayed here would ask forever (say, a conversation
      // the user has just left): the answer is the best picture there is.
      const inbox = events.reduce<Inbox>((current, event) => event(current).inbox, answer.inbox);
      this.options.onProblem(null);
      this.publish(inbox);
    } else {
      this.options.onProblem(answer.message);
    }
    if (this.readAgain) {
      this.readAgain = false;
      void this.reload();
    }
  }

  /** Several events asking for a re-read within a moment make one read. */
  rereadSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.reload(), this.options.rereadDelayMs ?? 300);
  }

  /** Cancels a re-read that is waiting to start. */
  dispose(): void {
    clearTimeout(this.timer);
  }

  private publish(inbox: Inbox): void {
    this.current = inbox;
    this.options.onChange(inbox);
  }
}
