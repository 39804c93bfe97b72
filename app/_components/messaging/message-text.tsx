"use client";

import { LinkifyIt } from "linkify-it";
import { Fragment, useMemo } from "react";
import { mentionParts, type Person } from "../../_lib/messaging/mentions";

type Part = { kind: "text"; text: string } | { kind: "link"; text: string; href: string } | { kind: "mention"; text: string; userId: string };

/** Links with a scheme (http, https, mailto), "www." without one, and e-mail addresses. */
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: true, fuzzyIP: false }).add("ftp:", null).add("//", null);
const LINK_PROTOCOLS = new Set(["http:", "https:", "mailto:"]);

function safeHref(match: { schema: string; raw: string; url: string }): string | null {
  // Without a scheme, only "www." reads as a link: "e.g.", "v1.2" and "file.txt" stay text.
  if (match.schema === "" && !match.raw.toLowerCase().startsWith("www.")) return null;
  try {
    const url = new URL(match.url);
    return LINK_PROTOCOLS.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** The message split into text, links and mentions; nothing in it is ever read as HTML. */
export function messageParts(body: string, members: readonly Person[]): Part[] {
  const parts: Part[] = [];
  const pushText = (text: string) => {
    if (text) for (const part of mentionParts(text, members)) parts.push(part);
  };
  let from = 0;
  for (const match of linkify.match(body) ?? []) {
    const href = safeHref(match);
    if (!href) continue;
    pushText(body.slice(from, match.index));
    parts.push({ kind: "link", text: match.text, href });
    from = match.lastIndex;
  }
  pushText(body.slice(from));
  return parts;
}

/**
 * A message body as text: links open in a new tab without handing over the page
 * (`noopener noreferrer`) or vouching for the target (`nofollow`), and "@Display Name" of a
 * member is highlighted, more strongly when it names the reader.
 */
export function MessageText({ body, members, meId }: { body: string; members: readonly Person[]; meId?: string | null }) {
  const parts = useMemo(() => messageParts(body, members), [body, members]);
  return (
    <>
      {parts.map((part, i) => {
        if (part.kind === "link")
          return (
            <a key={i} href={part.href} rel="noopener noreferrer nofollow" target="_blank">
              {part.text}
            </a>
          );
        if (part.kind === "mention")
          return (
            <mark key={i} className={part.userId === meId ? "mention mention-me" : "mention"}>
              {part.text}
            </mark>
          );
        return <Fragment key={i}>{part.text}</Fragment>;
      })}
    </>
  );
}
