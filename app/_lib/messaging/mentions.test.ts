import { describe, expect, it } from "vitest";
import { insertMention, mentionParts, mentionQuery, mentionSuggestions } from "./mentions.ts";

const dana = { id: "u1", displayName: "Dana Doctor" };
const dan = { id: "u2", displayName: "Dan" };
const rosa = { id: "u3", displayName: "Rosa Reception" };
const people = [dan, dana, rosa];

describe("finding mentions", () => {
  it("finds display names after @, longest first, in any case", () => {
    expect(mentionParts("Hi @dana doctor, and @Dan.", people)).toEqual([
      { kind: "text", text: "Hi " },
      { kind: "mention", text: "@dana doctor", userId: "u1" },
      { kind: "text", text: ", and " },
      { kind: "mention", text: "@Dan", userId: "u2" },
      { kind: "text", text: "." },
    ]);
  });

  it("ignores unknown names and names that run on into a word", () => {
    expect(mentionParts("@Danny, @Dan2, @Nobody", people)).toEqual([{ kind: "text", text: "@Danny, @Dan2, @Nobody" }]);
  });

  it("handles a mention at the start and end, and text without any", () => {
    expect(mentionParts("@Rosa Reception", people)).toEqual([{ kind: "mention", text: "@Rosa Reception", userId: "u3" }]);
    expect(mentionParts("", people)).toEqual([]);
    expect(mentionParts("no mentions", [])).toEqual([{ kind: "text", text: "no mentions" }]);
  });
});

describe("the mention autocomplete", () => {
  it("reads the name being typed after @ up to the caret", () => {
    expect(mentionQuery("Hi @Da", 6)).toEqual({ start: 3, query: "Da" });
    expect(mentionQuery("Hi @Dana D", 10)).toEqual({ start: 3, query: "Dana D" });
    expect(mentionQuery("@", 1)).toEqual({ start: 0, query: "" });
    expect(mentionQuery("mail a@b", 8)).toBeNull();
    expect(mentionQuery("Hi @ Da", 7)).toBeNull();
    expect(mentionQuery("Hi @Da\nx", 8)).toBeNull();
    expect(mentionQuery("no at", 5)).toBeNull();
  });

  it("suggests names starting with the query first, then names with a word that does", () => {
    expect(mentionSuggestions(people, "da").map((p) => p.id)).toEqual(["u2", "u1"]);
    expect(mentionSuggestions(people, "rec").map((p) => p.id)).toEqual(["u3"]);
    expect(mentionSuggestions(people, "").map((p) => p.id)).toEqual(["u2", "u1", "u3"]);
    expect(mentionSuggestions(people, "", 1)).toHaveLength(1);
  });

  it("inserts the whole name with a space after it, and puts the caret there", () => {
    expect(insertMention("Hi @Da please", 3, 6, "Dana Doctor")).toEqual({ text: "Hi @Dana Doctor please", caret: 16 });
    expect(insertMention("@r", 0, 2, "Rosa Reception")).toEqual({ text: "@Rosa Reception ", caret: 16 });
  });
});
