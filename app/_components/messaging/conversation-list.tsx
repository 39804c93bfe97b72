"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { ErrorNote } from "@/app/_components/error-note";
import type { Conversation } from "@/app/_lib/messaging/wire";
import { EnableNotifications } from "./enable-notifications";
import { useMessaging } from "./messaging-provider";
import { NewConversation } from "./new-conversation";
import { PresenceDot } from "./presence-dot";

const GROUPS: { title: string; kinds: Conversation["kind"][]; empty: string }[] = [
  { title: "Channels", kinds: ["channel"], empty: "No channels yet." },
  { title: "Direct messages", kinds: ["direct", "group"], empty: "No direct messages yet." },
  { title: "Visit threads", kinds: ["visit"], empty: "No visit threads yet." },
];

/** The left column of /staff/messages: conversations by kind with unread counts, and "New message". */
export function ConversationList({ canCreateChannel }: { canCreateChannel: boolean }) {
  const { inbox, inboxProblem } = useMessaging();
  const [creating, setCreating] = useState(false);

  return (
    <nav className="conversation-list" aria-label="Conversations">
      <div className="list-head">
        <h1>Messages</h1>
        <p className="actions tight">
          <button type="button" onClick={() => setCreating((c) => !c)} aria-expanded={creating}>
            New message
          </button>
          <Link href="/staff/people" className="button secondary">
            People
          </Link>
        </p>
      </div>
      {creating && <NewConversation canCreateChannel={canCreateChannel} onClose={() => setCreating(false)} />}
      <ErrorNote message={inboxProblem} />
      {!inbox ? (
        <p className="muted" aria-busy="true">
          Loading conversations…
        </p>
      ) : (
        GROUPS.map((group) => <ConversationGroup key={group.title} title={group.title} empty={group.empty} conversations={inbox.filter((c) => group.kinds.includes(c.kind))} />)
      )}
      <EnableNotifications />
    </nav>
  );
}

function ConversationGroup({ title, empty, conversations }: { title: string; empty: string; conversations: Conversation[] }) {
  const headingId = `conversations-${title.toLowerCase().replaceAll(" ", "-")}`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{title}</h2>
      {conversations.length === 0 ? (
        <p className="muted small">{empty}</p>
      ) : (
        <ul className="conversations">
          {conversations.map((c) => (
            <ConversationLink key={c.id} conversation={c} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConversationLink({ conversation }: { conversation: Conversation }) {
  const { me, staff } = useMessaging();
  const pathname = usePathname();
  const current = pathname === `/staff/messages/${conversation.id}`;
  const other = conversation.kind === "direct" ? conversation.members?.find((m) => m.id !== me.id) : undefined;
  const presence = other ? staff.people?.find((p) => p.id === other.id)?.status : undefined;
  const { load } = staff;
  const otherId = other?.id;
  useEffect(() => {
    if (otherId) load();
  }, [otherId, load]);
  const last = conversation.lastMessage;

  return (
    <li className={conversation.unread > 0 ? "unread" : undefined}>
      <Link href={`/staff/messages/${conversation.id}`} aria-current={current ? "page" : undefined} data-testid={`conversation-${conversation.id}`}>
        <span className="conversation-title">
          {other && <PresenceDot status={presence} />}
          {conversation.kind === "channel" && <span aria-hidden="true"># </span>}
          <span>{conversation.title}</span>
        </span>
        <span className="conversation-marks">
          {conversation.pendingUrgent > 0 && (
            <span className="badge urgent" title="Urgent, to acknowledge">
              !<span className="visually-hidden"> urgent to acknowledge</span>
            </span>
          )}
          {conversation.unreadMentions > 0 && (
            <span className="mention-mark" title="Mentions you">
              @<span className="visually-hidden"> mentions you</span>
            </span>
          )}
          {conversation.unread > 0 && (
            <span className="unread-badge">
              <span data-testid={`unread-${conversation.id}`}>{conversation.unread}</span>
              <span className="visually-hidden"> unread</span>
            </span>
          )}
        </span>
        {last && (
          <span className="conversation-preview muted small">
            {last.senderName}: {last.deleted ? "message deleted" : last.preview}
          </span>
        )}
      </Link>
    </li>
  );
}
