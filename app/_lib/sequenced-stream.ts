/**
 * "Never stale" for one department's queue: a snapshot valid at `seq`, and events numbered
 * by the department's sequence, which grows by exactly one per change.
 *
 * - An event with `seq <= snapshot.seq` is already in the snapshot: ignored.
 * - `seq === snapshot.seq + 1` is applied on top (and any held-back events that follow it).
 * - A larger `seq` means something was missed: the event is held back and the caller
 *   re-reads the snapshot; events past the new snapshot are applied once it arrives.
 * - An event that cannot be applied locally (`apply` returns null) is treated like a gap.
 *
 * No sockets and no React here, so the rules can be tested on their own
 * (sequenced-stream.test.ts); the hooks in use-queue-stream.ts drive it.
 */
export interface Sequenced {
  seq: number;
}

export interface StreamOutcome {
  /** `snapshot` is new: show it. */
  changed: boolean;
  /** Ask for a fresh snapshot now (nothing is on its way yet). */
  reread: boolean;
}

/** Held-back events beyond this are dropped: the re-read covers them anyway. */
const MAX_HELD_BACK = 500;

export class SequencedStream<S extends Sequenced, E extends Sequenced> {
  private current: S | null;
  private heldBack: E[] = [];
  private rereadsOnTheirWay = 0;

  constructor(
    private readonly apply: (snapshot: S, event: E) => S | null,
    initial: S | null = null,
  ) {
    this.current = initial;
  }

  get snapshot(): S | null {
    return this.current;
  }

  /** A re-read was sent; until it answers (or fails), gaps wait for it instead of asking again. */
  rereadSent(): void {
    this.rereadsOnTheirWay += 1;
  }

  /** A re-read failed or timed out. */
  rereadFailed(): StreamOutcome {
    this.rereadsOnTheirWay = Math.max(0, this.rereadsOnTheirWay - 1);
    return { changed: false, reread: false };
  }

  snapshotArrived(snapshot: S): StreamOutcome {
    this.rereadsOnTheirWay = Math.max(0, this.rereadsOnTheirWay - 1);
    // An older answer (two re-reads crossed) must not replace a newer picture.
    const taken = !this.current || snapshot.seq >= this.current.seq;
    if (taken) this.current = snapshot;
    const drained = this.drain();
    return { changed: taken || drained.changed, reread: drained.reread };
  }

  eventArrived(event: E): StreamOutcome {
    if (this.current && event.seq <= this.current.seq) return { changed: false, reread: false };
    if (!this.heldBack.some((e) => e.seq === event.seq)) this.heldBack.push(event);
    if (this.heldBack.length > MAX_HELD_BACK) this.heldBack.shift();
    return this.drain();
  }

  private drain(): StreamOutcome {
    if (!this.current) return { changed: false, reread: this.rereadsOnTheirWay === 0 };
    const seq = this.current.seq;
    this.heldBack = this.heldBack.filter((e) => e.seq > seq).sort((a, b) => a.seq - b.seq);
    let changed = false;
    while (this.heldBack[0] && this.heldBack[0].seq === this.current.seq + 1) {
      const next = this.apply(this.current, this.heldBack[0]);
      if (!next) break; // kept: a snapshot at or past its seq replaces it
      this.heldBack.shift();
      this.current = next;
      changed = true;
    }
    return { changed, reread: this.heldBack.length > 0 && this.rereadsOnTheirWay === 0 };
  }
}
