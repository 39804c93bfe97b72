import { describe, expect, it } from "vitest";
import { TYPING_RESEND_MS, TYPING_VISIBLE_MS, TypingAnnouncer, TypingIndicators, typingLine } from "./typing.ts";

const dana = { id: "u1", displayName: "Dana" };
const sam = { id: "u2", displayName: "Sam" };

describe("typing indicators", () => {
  it("shows a typist until they stop, or until the indicator runs out", () => {
    const typing = new TypingIndicators();
    expect(typing.update({ user: dana, typing: true }, 0)).toBe(true);
    expect(typing.update({ user: sam, typing: true }, 1_000)).toBe(true);
    expect(typing.names(2_000)).toEqual(["Dana", "Sam"]);
    expect(typing.nextExpiry()).toBe(TYPING_VISIBLE_MS);
    expect(typing.update({ user: sam, typing: false }, 2_500)).toBe(true);
    expect(typing.names(TYPING_VISIBLE_MS)).toEqual([]);
    expect(typing.nextExpiry()).toBeNull();
  });

  it("keeps an indicator that is refreshed", () => {
    const typing = new TypingIndicators();
    typing.update({ user: dana, typing: true }, 0);
    expect(typing.update({ user: dana, typing: true }, 3_000)).toBe(false);
    expect(typing.names(TYPING_VISIBLE_MS + 1)).toEqual(["Dana"]);
    expect(typing.names(3_000 + TYPING_VISIBLE_MS)).toEqual([]);
  });

  it("drops a typist whose message arrived", () => {
    const typing = new TypingIndicators();
    typing.update({ user: dana, typing: true }, 0);
    expect(typing.stopped("u1")).toBe(true);
    expect(typing.stopped("u1")).toBe(false);
    expect(typing.names(1)).toEqual([]);
  });
});

describe("announcing one's own typing", () => {
  it("sends at most every few seconds while typing, and stop only after typing", () => {
    const announcer = new TypingAnnouncer();
    expect(announcer.stop()).toBe(false);
    expect(announcer.typed(0)).toBe(true);
    expect(announcer.typed(1_000)).toBe(false);
    expect(announcer.typed(TYPING_RESEND_MS - 1)).toBe(false);
    expect(announcer.typed(TYPING_RESEND_MS)).toBe(true);
    expect(announcer.stop()).toBe(true);
    expect(announcer.stop()).toBe(false);
    expect(announcer.typed(TYPING_RESEND_MS + 10)).toBe(true);
  });
});

describe("the typing line", () => {
  it("names one or two people, and counts more", () => {
    expect(typingLine([])).toBeNull();
    expect(typingLine(["Dana"])).toBe("Dana is typing…");
    expect(typingLine(["Dana", "Sam"])).toBe("Dana and Sam are typing…");
    expect(typingLine(["Dana", "Sam", "Rosa"])).toBe("Several people are typing…");
  });
});
