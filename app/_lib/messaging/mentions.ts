/**
 * "@Display Name" mentions: finding them in a message for highlighting, and the composer's
 * autocomplete. A mention is "@" and a member's display name in any case, not followed by a
 * letter or digit: the rule the server uses to decide who is mentioned (server/messaging/mentions.ts).
 */

export interface Person {
  id: string;
  displayName: string;
}

export type TextPart = { kind: "text"; text: string } | { kind: "mention"; text: string; userId: string };

const WORD_CHAR = /[\p{L}\p{N}]/u;

function boundaryBefore(text: string, at: number): boolean {
  return at === 0 || !WORD_CHAR.test(text.charAt(at - 1));
}

function boundaryAfter(text: string, at: number): boolean {
  return at >= text.length || !WORD_CHAR.test(text.charAt(at));
}

/** Splits text into plain parts and mentions of the given people (longest name first when names overlap). */
export function mentionParts(text: string, people: readonly Person[]): TextPart[] {
  const candidates = people.filter((p) => p.displayName.trim()).sort((a, b) => b.displayName.length - a.displayName.length);
  const names = (at: number, p: Person) => text.slice(at + 1, at + 1 + p.displayName.length).toLowerCase() === p.displayName.toLowerCase();
  const parts: TextPart[] = [];
  let plainFrom = 0;
  let at = text.indexOf("@");
  while (at !== -1) {
    const matched = candidates.find((p) => names(at, p) && boundaryAfter(text, at + 1 + p.displayName.length));
    if (matched) {
      const end = at + 1 + matched.displayName.length;
      if (at > plainFrom) parts.push({ kind: "text", text: text.slice(plainFrom, at) });
      parts.push({ kind: "mention", text: text.slice(at, end), userId: matched.id });
      plainFrom = end;
      at = text.indexOf("@", end);
    } else {
      at = text.indexOf("@", at + 1);
    }
  }
  if (plainFrom < text.length) parts.push({ kind: "text", text: text.slice(plainFrom) });
  return parts;
}

/** The longest a name being typed after "@" can get before the autocomplete gives up. */
const MAX_QUERY = 40;

/** The "@…" being typed just before the caret (at the start or after a space or punctuation), if any. */
export function mentionQuery(draft: string, caret: number): { start: number; query: string } | null {
  const before = draft.slice(0, caret);
  const start = before.lastIndexOf("@");
  if (start === -1 || !boundaryBefore(draft, start)) return null;
  const query = before.slice(start + 1);
  if (query.length > MAX_QUERY || /[\n@]/.test(query) || query.startsWith(" ")) return null;
  return { start, query };
}

/** People whose name starts with the query, or has a word that does; at most `limit`. */
export function mentionSuggestions<P extends Person>(people: readonly P[], query: string, limit = 6): P[] {
  const q = query.toLowerCase();
  const starts = people.filter((p) => p.displayName.toLowerCase().startsWith(q));
  const words = people.filter((p) => !starts.includes(p) && p.displayName.toLowerCase().split(/\s+/).some((w) => w.startsWith(q)));
  return [...starts, ...words].slice(0, limit);
}

/** The draft with the "@…" being typed replaced by "@Display Name ", and where the caret goes. */
export function insertMention(draft: string, start: number, caret: number, displayName: string): { text: string; caret: number } {
  const mention = `@${displayName} `;
  const after = draft.slice(caret).replace(/^ /, "");
  return { text: draft.slice(0, start) + mention + after, caret: start + mention.length };
}
