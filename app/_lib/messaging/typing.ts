/**
 * Typing indicators, without timers of their own: callers pass the time, so the rules can be
 * tested with plain numbers (typing.test.ts) and the hooks decide when to look again.
 */

/** An indicator not refreshed for this long is hidden (the sender may have closed the tab). */
export const TYPING_VISIBLE_MS = 6_000;
/** While typing, "typing" is sent again at most this often. */
export const TYPING_RESEND_MS = 3_000;

interface Typist {
  displayName: string;
  until: number;
}

/** Who is typing in one conversation, as told by `typing` events. */
export class TypingIndicators {
  private typists = new Map<string, Typist>();

  /** Returns whether the list of names may have changed. */
  update(event: { user: { id: string; displayName: string }; typing: boolean }, now: number): boolean {
    if (event.typing) {
      const known = this.typists.has(event.user.id);
      this.typists.set(event.user.id, { displayName: event.user.displayName, until: now + TYPING_VISIBLE_MS });
      return !known;
    }
    return this.typists.delete(event.user.id);
  }

  /** Someone's message arrived: they have stopped typing it. */
  stopped(userId: string): boolean {
    return this.typists.delete(userId);
  }

  /** Names still typing at `now`, in the order they started. */
  names(now: number): string[] {
    for (const [id, typist] of this.typists) if (typist.until <= now) this.typists.delete(id);
    return [...this.typists.values()].map((t) => t.displayName);
  }

  /** When the next indicator runs out, if any does. */
  nextExpiry(): number | null {
    let next: number | null = null;
    for (const typist of this.typists.values()) next = next === null ? typist.until : Math.min(next, typist.until);
    return next;
  }

  clear(): void {
    this.typists.clear();
  }
}

/** The sender's side: when to tell the others. */
export class TypingAnnouncer {
  private lastSent: number | null = null;

  /** A keystroke that changed the draft: true when "typing" should be sent now. */
  typed(now: number): boolean {
    if (this.lastSent !== null && now - this.lastSent < TYPING_RESEND_MS) return false;
    this.lastSent = now;
    return true;
  }

  /** Sent, cleared or left: true when "stopped typing" should be sent. */
  stop(): boolean {
    const wasTyping = this.lastSent !== null;
    this.lastSent = null;
    return wasTyping;
  }
}

/** "Dana is typing…", "Dana and Sam are typing…", "Several people are typing…", or null. */
export function typingLine(names: readonly string[]): string | null {
  if (names.length === 0) return null;
  if (names.length === 1) return `${names[0]} is typing…`;
  if (names.length === 2) return `${names[0]} and ${names[1]} are typing…`;
  return "Several people are typing…";
}
