"use client";

import { useRouter } from "next/navigation";
import { useEffect, useId, useState } from "react";
import { ConnectionStatus } from "@/app/_components/connection-status";
import { ErrorNote } from "@/app/_components/error-note";
import { callApi } from "@/app/_lib/api-client";
import { oneConversationSchema, type Detail } from "@/app/_lib/messaging/wire";
import { sendJson } from "@/app/_lib/send-json";
import { useMessaging } from "./messaging-provider";
import { PresenceDot, presenceText } from "./presence-dot";
import { StaffPicker } from "./staff-picker";

const KIND_LABELS: Record<Detail["conversation"]["kind"], string> = { channel: "Channel", direct: "Direct message", group: "Group", visit: "Visit thread" };
const GROUP_MAX_MEMBERS = 10;

/**
 * Groups, visit threads and channels an admin created can be left; direct conversations and
 * the default channels (All staff, each department's) cannot, as everyone is put back in them.
 */
function canLeave(conversation: Detail["conversation"]): boolean {
  if (conversation.kind === "direct") return false;
  if (conversation.kind === "channel") return conversation.systemKey === null && conversation.departmentId === null;
  return true;
}

/** The conversation's name, who is in it (the other person's presence in a direct message) and, where allowed, "Add people" and "Leave". */
export function ConversationHeader({ detail, onMembersChanged }: { detail: Detail; onMembersChanged: () => void }) {
  const { me, state, staff } = useMessaging();
  const [adding, setAdding] = useState(false);
  const [leaving, setLeaving] = useState(false);
  const { conversation, members } = detail;
  const leavable = canLeave(conversation);
  const other = conversation.kind === "direct" ? members.find((m) => m.id !== me.id) : undefined;
  const presence = other ? staff.people?.find((p) => p.id === other.id) : undefined;
  const { load } = staff;
  const otherId = other?.id;
  useEffect(() => {
    if (otherId || adding) load();
  }, [otherId, adding, load]);

  let about: string;
  if (conversation.kind === "direct") about = presence ? presenceText(presence.status, presence.lastSeenAt) : "";
  else if (conversation.kind === "group")
    about = members
      .filter((m) => m.id !== me.id)
      .map((m) => m.displayName)
      .join(", ");
  else if (conversation.kind === "visit") about = conversation.ticket ? `About ticket ${conversation.ticket.code}` : "About a visit";
  else about = `${conversation.memberCount} members`;

  return (
    <header className="conversation-header">
      <div className="picker-head">
        <h2>
          {other && <PresenceDot status={presence?.status} />} {conversation.kind === "channel" ? `# ${conversation.title}` : conversation.title}
        </h2>
        <ConnectionStatus state={state} />
      </div>
      <p className="muted small" data-testid="conversation-about">
        {KIND_LABELS[conversation.kind]}
        {about ? ` · ${about}` : ""}
      </p>
      {(detail.canAddMembers || leavable) && (
        <p className="actions tight">
          {detail.canAddMembers && (
            <button type="button" className="secondary" aria-expanded={adding} onClick={() => setAdding((a) => !a)}>
              Add people
            </button>
          )}
          {leavable && (
            <button type="button" className="secondary" aria-expanded={leaving} onClick={() => setLeaving((l) => !l)}>
              Leave
            </button>
          )}
        </p>
      )}
      {leaving && <LeaveConversation detail={detail} onCancel={() => setLeaving(false)} />}
      {adding && (
        <AddMembers
          detail={detail}
          onAdded={() => {
            setAdding(false);
            onMembersChanged();
          }}
          onCancel={() => setAdding(false)}
        />
      )}
    </header>
  );
}

function AddMembers({ detail, onAdded, onCancel }: { detail: Detail; onAdded: () => void; onCancel: () => void }) {
  const id = useId();
  const { staff, addConversation } = useMessaging();
  const [selected, setSelected] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const room = detail.conversation.kind === "group" ? GROUP_MAX_MEMBERS - detail.members.length : 200;

  async function add() {
    setBusy(true);
    setError(null);
    const answer = await callApi(`/api/conversations/${detail.conversation.id}/members`, oneConversationSchema, { userIds: selected });
    setBusy(false);
    if (!answer.ok) {
      setError(answer.error.message);
      return;
    }
    addConversation(answer.data.conversation);
    onAdded();
  }

  return (
    <div className="add-members" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Add people</h3>
      {room <= 0 ? (
        <p className="muted">This group is full.</p>
      ) : (
        <StaffPicker people={staff.people} exclude={detail.members.map((m) => m.id)} selected={selected} max={room} onChange={setSelected} />
      )}
      <ErrorNote message={error} />
      <ActOrCancel label="Add" disabled={busy || selected.length === 0} onAct={() => void add()} onCancel={onCancel} />
    </div>
  );
}

/** Asks before leaving; once left, the conversation goes from the list and the page goes back to it. */
function LeaveConversation({ detail, onCancel }: { detail: Detail; onCancel: () => void }) {
  const id = useId();
  const router = useRouter();
  const { removeConversation } = useMessaging();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const { conversation } = detail;
  const rejoin = conversation.kind === "visit" ? " Opening the thread from the board again puts you back in it." : "";

  async function leave() {
    setBusy(true);
    setError(null);
    const answer = await sendJson(`/api/conversations/${conversation.id}/members/me`, "DELETE", {});
    setBusy(false);
    if (!answer.ok) {
      setError(answer.failure.message);
      return;
    }
    removeConversation(conversation.id);
    router.push("/staff/messages");
  }

  return (
    <div className="leave-conversation" role="group" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>Leave {conversation.kind === "channel" ? `# ${conversation.title}` : conversation.title}?</h3>
      <p className="muted">You will stop getting its messages, and urgent messages in it will no longer wait for you.{rejoin}</p>
      <ErrorNote message={error} />
      <ActOrCancel label="Leave conversation" disabled={busy} onAct={() => void leave()} onCancel={onCancel} />
    </div>
  );
}

/** The two buttons that end an inline panel: do it, or close the panel. */
function ActOrCancel({ label, disabled, onAct, onCancel }: { label: string; disabled: boolean; onAct: () => void; onCancel: () => void }) {
  return (
    <p className="actions tight">
      <button type="button" disabled={disabled} onClick={onAct}>
        {label}
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
    </p>
  );
}
