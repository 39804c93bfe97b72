import type { PersonRef } from "./views.ts";

/**
 * The members a message names with "@Display Name" (case-insensitive, not followed by a
 * letter or digit, so "@Ann" does not mention "Anna"). Shared with the browser, which
 * highlights the same names.
 */
export function findMentions(body: string, members: readonly PersonRef[]): string[] {
  if (!body.includes("@")) return [];
  const text = body.toLocaleLowerCase();
  const found = new Set<string>();
  for (const member of members) {
    const needle = `@${member.displayName.toLocaleLowerCase()}`;
    let at = text.indexOf(needle);
    while (at !== -1) {
      const next = text.charAt(at + needle.length);
      if (!/[\p{L}\p{N}]/u.test(next)) {
        found.add(member.id);
        break;
      }
      at = text.indexOf(needle, at + 1);
    }
  }
  return [...found];
}
