"use client";

import { useLayoutEffect, useRef, type RefObject } from "react";
import { coversAfter } from "@/app/_lib/messaging/message-store";
import { seenLine } from "@/app/_lib/messaging/receipts";
import type { ConversationScreen } from "@/app/_lib/messaging/use-conversation";
import type { ConversationKind, Member } from "@/app/_lib/messaging/wire";
import { MessageItem } from "./message-item";
import { OutgoingItem } from "./outgoing-item";

/** Within this many pixels of the bottom counts as "at the bottom". */
const NEAR_BOTTOM_PX = 48;

/**
 * The conversation's messages in order, in a scrolling log: "Load older" at the top (and
 * "Jump to first unread" when that is further up than what is loaded), a "New messages" line
 * before the first message that was unread on opening, one's messages on their way, and
 * "Seen" under one's latest message. Stays at the bottom while the reader is there.
 */
export function MessageHistory({
  screen,
  title,
  kind,
  members,
  meId,
  bottomRef,
  scrollRef,
}: {
  screen: ConversationScreen;
  title: string;
  kind: ConversationKind;
  members: readonly Member[];
  meId: string;
  bottomRef: RefObject<HTMLDivElement | null>;
  scrollRef: RefObject<HTMLDivElement | null>;
}) {
  const { messages, history, outgoing, readAtOpen, loading } = screen;
  const atBottom = useRef(true);
  const placedFirst = useRef(false);
  const heightBeforeOlder = useRef<number | null>(null);
  const dividerRef = useRef<HTMLLIElement>(null);

  const firstUnread = readAtOpen === null ? undefined : messages.find((m) => m.seq > readAtOpen && m.sender.id !== meId);
  const unreadAbove = readAtOpen !== null && history.loaded && !coversAfter(history, readAtOpen);
  const myLatest = [...messages].reverse().find((m) => m.sender.id === meId && !m.deletedAt);
  const seen = myLatest ? seenLine(kind, members, meId, myLatest) : null;
  const firstId = messages[0]?.id;

  // Where the reader lands: the "New messages" line if there is one, else the bottom; then the
  // bottom again as messages arrive, unless the reader has scrolled up to read.
  useLayoutEffect(() => {
    const box = scrollRef.current;
    if (!box || !history.loaded) return;
    if (heightBeforeOlder.current !== null) {
      box.scrollTop += box.scrollHeight - heightBeforeOlder.current;
      heightBeforeOlder.current = null;
      return;
    }
    if (!placedFirst.current) {
      placedFirst.current = true;
      if (dividerRef.current) {
        box.scrollTop = dividerRef.current.offsetTop - box.offsetTop - 8;
        return;
      }
    }
    if (atBottom.current) box.scrollTop = box.scrollHeight;
  }, [scrollRef, history.loaded, messages.length, outgoing.length, firstId, seen]);

  function loadOlder() {
    heightBeforeOlder.current = scrollRef.current?.scrollHeight ?? null;
    screen.loadOlder();
  }

  return (
    <div
      className="message-scroll"
      ref={scrollRef}
      onScroll={(e) => {
        const box = e.currentTarget;
        atBottom.current = box.scrollHeight - box.scrollTop - box.clientHeight < NEAR_BOTTOM_PX;
      }}
    >
      {unreadAbove && (
        <p className="jump">
          <button type="button" className="secondary" disabled={loading !== null} onClick={() => screen.jumpToFirstUnread()}>
            Jump to first unread
          </button>
        </p>
      )}
      {history.olderCursor !== null && (
        <p className="load-more">
          <button type="button" className="secondary" disabled={loading !== null} onClick={loadOlder}>
            {loading === "older" ? "Loading…" : "Load older messages"}
          </button>
        </p>
      )}
      {history.loaded && history.olderCursor === null && messages.length === 0 && outgoing.length === 0 && <p className="muted empty-note">No messages yet. Say hello.</p>}
      <div role="log" aria-live="polite" aria-relevant="additions" aria-label={`Messages in ${title}`}>
        <ol className="messages">
          {messages.map((message) => (
            <FragmentWithDivider key={message.id} showDivider={message === firstUnread} dividerRef={dividerRef}>
              <MessageItem message={message} meId={meId} members={members} seen={message === myLatest ? seen : null} actions={screen} />
            </FragmentWithDivider>
          ))}
          {outgoing.map((item) => (
            <OutgoingItem key={item.clientId} item={item} onRetry={screen.retry} onDiscard={screen.discard} />
          ))}
        </ol>
      </div>
      {history.newerCursor !== null && (
        <p className="load-more">
          <button type="button" className="secondary" disabled={loading !== null} onClick={() => screen.loadNewer()}>
            {loading === "newer" ? "Loading…" : "Load newer messages"}
          </button>
        </p>
      )}
      <div ref={bottomRef} className="bottom-sentinel" aria-hidden="true" />
    </div>
  );
}

function FragmentWithDivider({ showDivider, dividerRef, children }: { showDivider: boolean; dividerRef: RefObject<HTMLLIElement | null>; children: React.ReactNode }) {
  return (
    <>
      {showDivider && (
        <li className="new-divider" ref={dividerRef} data-testid="new-messages-divider">
          <span>New messages</span>
        </li>
      )}
      {children}
    </>
  );
}
