"use client";

import Link from "next/link";
import { useEffect, useRef } from "react";
import { ErrorNote } from "@/app/_components/error-note";
import { newestSeq } from "@/app/_lib/messaging/message-store";
import { useAttention, useInView } from "@/app/_lib/messaging/use-attention";
import { useConversation } from "@/app/_lib/messaging/use-conversation";
import { useTypingAnnouncer, useTypingNames } from "@/app/_lib/messaging/use-typing";
import { Composer } from "./composer";
import { ConversationHeader } from "./conversation-header";
import { MessageHistory } from "./message-history";
import { useMessaging } from "./messaging-provider";
import { PinnedUrgent } from "./pinned-urgent";
import { TypingLine } from "./typing-line";

/**
 * One conversation, live: the header, urgent messages to acknowledge, the history, who is
 * typing, and the composer. While the newest messages are in view in a visible, focused
 * window, they are marked as read (and new ones do not count as unread).
 */
export function ConversationView({ conversationId }: { conversationId: string }) {
  const { me, socket, readAnswered, setViewing, alerts } = useMessaging();
  const screen = useConversation(conversationId, socket, me.id, readAnswered);
  const typingNames = useTypingNames(socket, conversationId, me.id);
  const announcer = useTypingAnnouncer(socket, conversationId);
  const scrollRef = useRef<HTMLDivElement>(null);
  const bottomRef = useRef<HTMLDivElement>(null);
  const { history, markRead, detail } = screen;
  const bottomInView = useInView(bottomRef, scrollRef, detail !== null);
  const attentive = useAttention();
  const newest = newestSeq(history);
  const reading = bottomInView && attentive && history.loaded;
  const { dismissConversation } = alerts;

  useEffect(() => {
    setViewing(reading && history.newerCursor === null ? conversationId : null);
  }, [reading, history.newerCursor, conversationId, setViewing]);
  useEffect(() => () => setViewing(null), [setViewing]);
  useEffect(() => {
    if (reading && newest > 0) markRead(newest);
  }, [reading, newest, markRead]);
  useEffect(() => {
    if (reading) dismissConversation(conversationId);
  }, [reading, conversationId, dismissConversation]);

  if (screen.notFound) {
    return (
      <section className="card conversation-missing">
        <h2>Conversation not found</h2>
        <p>It does not exist, or you are not in it.</p>
        <p>
          <Link href="/staff/messages">Back to your conversations</Link>
        </p>
      </section>
    );
  }
  if (!detail) {
    return (
      <section className="card" aria-busy={!screen.problem}>
        {screen.problem ? <ErrorNote message={screen.problem} /> : <p className="muted">Loading the conversation…</p>}
      </section>
    );
  }
  const title = detail.conversation.title;
  return (
    <section className="conversation" aria-label={`Conversation: ${title}`}>
      <ConversationHeader detail={detail} onMembersChanged={screen.reloadDetail} />
      <PinnedUrgent messages={screen.pinned} members={detail.members} meId={me.id} onAcknowledge={screen.acknowledgeUrgent} />
      <ErrorNote message={screen.problem} />
      <MessageHistory screen={screen} title={title} kind={detail.conversation.kind} members={detail.members} meId={me.id} bottomRef={bottomRef} scrollRef={scrollRef} />
      <TypingLine names={typingNames} />
      <Composer title={title} members={detail.members} meId={me.id} disabled={!history.loaded} onSend={screen.send} onTyping={announcer.typed} onStopTyping={announcer.stopped} />
    </section>
  );
}
