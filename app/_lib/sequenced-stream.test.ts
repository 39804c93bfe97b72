import { describe, expect, it } from "vitest";
import { SequencedStream } from "./sequenced-stream.ts";

/** A snapshot that records which events were applied on top of it. */
interface Picture {
  seq: number;
  applied: number[];
}
interface Change {
  seq: number;
  placeable?: boolean;
}

const apply = (picture: Picture, change: Change): Picture | null => (change.placeable === false ? null : { seq: change.seq, applied: [...picture.applied, change.seq] });
const at = (seq: number): Picture => ({ seq, applied: [] });

describe("a sequenced queue stream", () => {
  it("applies the next event, and ignores events it already has", () => {
    const stream = new SequencedStream<Picture, Change>(apply, at(5));
    expect(stream.eventArrived({ seq: 6 })).toEqual({ changed: true, reread: false });
    expect(stream.eventArrived({ seq: 6 })).toEqual({ changed: false, reread: false });
    expect(stream.eventArrived({ seq: 4 })).toEqual({ changed: false, reread: false });
    expect(stream.snapshot).toEqual({ seq: 6, applied: [6] });
  });

  it("on a gap asks for one re-read, holds later events back, and applies those past the new snapshot", () => {
    const stream = new SequencedStream<Picture, Change>(apply, at(5));
    expect(stream.eventArrived({ seq: 8 })).toEqual({ changed: false, reread: true });
    stream.rereadSent();
    // More events while the re-read is on its way: no second request.
    expect(stream.eventArrived({ seq: 9 })).toEqual({ changed: false, reread: false });
    expect(stream.eventArrived({ seq: 10 })).toEqual({ changed: false, reread: false });
    expect(stream.snapshot?.seq).toBe(5);
    // The snapshot was read at 8: 9 and 10 go on top of it.
    expect(stream.snapshotArrived(at(8))).toEqual({ changed: true, reread: false });
    expect(stream.snapshot).toEqual({ seq: 10, applied: [9, 10] });
  });

  it("asks again when the new snapshot still leaves a gap", () => {
    const stream = new SequencedStream<Picture, Change>(apply, at(1));
    stream.eventArrived({ seq: 5 });
    stream.rereadSent();
    expect(stream.snapshotArrived(at(3))).toEqual({ changed: true, reread: true });
  });

  it("keeps a newer picture when an older snapshot arrives late", () => {
    const stream = new SequencedStream<Picture, Change>(apply, at(1));
    stream.rereadSent();
    stream.rereadSent();
    expect(stream.snapshotArrived(at(7)).changed).toBe(true);
    expect(stream.snapshotArrived(at(4))).toEqual({ changed: false, reread: false });
    expect(stream.snapshot?.seq).toBe(7);
  });

  it("re-reads when an event cannot be applied locally, and the snapshot replaces it", () => {
    const stream = new SequencedStream<Picture, Change>(apply, at(2));
    expect(stream.eventArrived({ seq: 3, placeable: false })).toEqual({ changed: false, reread: true });
    stream.rereadSent();
    expect(stream.eventArrived({ seq: 4 })).toEqual({ changed: false, reread: false });
    expect(stream.snapshotArrived(at(3))).toEqual({ changed: true, reread: false });
    expect(stream.snapshot).toEqual({ seq: 4, applied: [4] });
  });

  it("without a snapshot, holds events and asks for one; a failed re-read lets the next gap ask again", () => {
    const stream = new SequencedStream<Picture, Change>(apply);
    expect(stream.eventArrived({ seq: 3 })).toEqual({ changed: false, reread: true });
    stream.rereadSent();
    stream.rereadFailed();
    expect(stream.eventArrived({ seq: 4 })).toEqual({ changed: false, reread: true });
    stream.rereadSent();
    expect(stream.snapshotArrived(at(2))).toEqual({ changed: true, reread: false });
    expect(stream.snapshot).toEqual({ seq: 4, applied: [3, 4] });
  });
});
