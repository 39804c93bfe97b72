"use client";

import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { callApi, query } from "../api-client";
import type { AckResult } from "../socket-ack";
import type { ClinicSocket } from "../use-clinic-socket";
import {
  applyAcknowledgement,
  caughtUp,
  emptyWindow,
  firstPage,
  hasGap,
  mergeMessages,
  newerPage,
  noteEvent,
  olderPage,
  orderedMessages,
  replaceWithPage,
  startCursor,
  unknownCursor,
  type MessageWindow,
} from "./message-store";
import { refreshedDetail, withAcknowledgement, withPinnedVersion, withReadPointer } from "./detail-updates";
import { mustAcknowledge } from "./receipts";
import { newClientId, SendQueue, type Outgoing } from "./send-queue";
import { acknowledgeMessage, deleteMessage, editMessage, markRead as sendRead, sendMessage, syncConversation } from "./socket-calls";
import { acknowledgedSchema, conversationDetailSchema, messagePageSchema, messageSchema, readEventSchema, type Detail, type Message } from "./wire";

const PAGE_SIZE = 50;
/** A catch-up reads at most this many batches at once; a gap left after that is caught up on the next event. */
const MAX_SYNC_ROUNDS = 20;
const RETRY_AFTER_MS = 3_000;

export interface ConversationScreen {
  detail: Detail | null;
  notFound: boolean;
  problem: string | null;
  /** The loaded part of the conversation, with its cursors. */
  history: MessageWindow;
  messages: Message[];
  /** Urgent messages this user still has to acknowledge, newest version of each. */
  pinned: Message[];
  /** This user's messages on their way or not sent, in the order written. */
  outgoing: Outgoing[];
  /** The read pointer when the conversation was opened with unread messages (the "New messages" line goes after it); null when nothing was unread. */
  readAtOpen: number | null;
  loading: "older" | "newer" | "unread" | null;
  loadOlder: () => void;
  loadNewer: () => void;
  jumpToFirstUnread: () => void;
  send: (body: string, urgent: boolean) => void;
  retry: (clientId: string) => void;
  discard: (clientId: string) => void;
  /** Each returns the reason it failed, or null. */
  edit: (messageId: string, body: string) => Promise<string | null>;
  remove: (messageId: string) => Promise<string | null>;
  acknowledgeUrgent: (messageId: string) => Promise<string | null>;
  /** Everything up to `seq` is on screen and in view. */
  markRead: (seq: number) => void;
  /** Read the members and pinned messages again (after adding people). */
  reloadDetail: () => void;
}

/** A message action over the live socket: the reason it failed, or null once `apply` has the answer. */
async function answeredOn<T>(socket: ClinicSocket | null, call: (socket: ClinicSocket) => Promise<AckResult<T>>, apply: (data: T) => void): Promise<string | null> {
  if (!socket) return "Not connected.";
  const answer = await call(socket);
  if (!answer.ok) return answer.message;
  apply(answer.data);
  return null;
}

const messagesPath = (conversationId: string, params: Record<string, string>) => `/api/conversations/${conversationId}/messages?${query({ limit: String(PAGE_SIZE), ...params })}`;

/**
 * One open conversation, never stale: its detail and latest page over HTTP, then live
 * events merged by message id. Every event of a conversation has the next `eventSeq`; one
 * that skips ahead, and every reconnect, starts `conversation:sync` from the last event
 * applied, so what was missed is filled in without showing anything twice.
 */
export function useConversation(conversationId: string, socket: ClinicSocket | null, meId: string, onReadAnswered: (answer: { conversationId: string; lastReadSeq: number; unread: number }) => void): ConversationScreen {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [notFound, setNotFound] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const [history, setHistory] = useState<MessageWindow>(emptyWindow);
  const [queued, setQueued] = useState<readonly Outgoing[]>([]);
  const [readAtOpen, setReadAtOpen] = useState<number | null>(null);
  const [loading, setLoading] = useState<ConversationScreen["loading"]>(null);
  /** Applies a message the server confirmed (a send's or an edit's ack) as if it came live. */
  const applyLive = useRef<(message: Message) => void>(() => {});
  const rereadDetail = useRef<() => void>(() => {});
  const lastReadSent = useRef(0);
  const socketRef = useRef(socket);
  useEffect(() => {
    socketRef.current = socket;
  });
  // Each message's clientId is made once here and kept for all its retries.
  const [outbox] = useState(() => new SendQueue({ onChange: setQueued, newClientId }));

  useEffect(() => {
    if (!socket) return;
    let disposed = false;
    let opened = false;
    let opening = false;
    let missing = false;
    let cursor = unknownCursor;
    let syncing = false;
    let syncAgain = false;
    let retry: ReturnType<typeof setTimeout> | undefined;

    const later = (fn: () => void, ms: number) => {
      clearTimeout(retry);
      retry = setTimeout(fn, ms);
    };

    async function catchUp(): Promise<void> {
      if (disposed || !socket?.connected || cursor.through === null) return;
      if (syncing) {
        syncAgain = true;
        return;
      }
      syncing = true;
      let failed = false;
      try {
        for (let round = 0; round < MAX_SYNC_ROUNDS && cursor.through !== null; round++) {
          const answer = await syncConversation(socket, conversationId, cursor.through);
          if (disposed) return;
          if (!answer.ok) {
            failed = true;
            if (answer.code === "NOT_FOUND" || answer.code === "FORBIDDEN") setNotFound(true);
            else if (answer.retry) later(() => void catchUp(), RETRY_AFTER_MS);
            return;
          }
          const { messages, hasMore, lastEventSeq } = answer.data;
          setHistory((w) => mergeMessages(w, messages));
          setDetail((d) => d && messages.reduce((next, m) => withPinnedVersion(next, m, meId), d));
          const newest = messages.reduce((max, m) => Math.max(max, m.eventSeq), cursor.through);
          cursor = caughtUp(cursor, hasMore ? newest : lastEventSeq);
          if (!hasMore || messages.length === 0) break;
        }
      } finally {
        syncing = false;
      }
      if (failed) return;
      if (syncAgain) {
        syncAgain = false;
        void catchUp();
      } else if (hasGap(cursor)) {
        later(() => void catchUp(), 500);
      }
    }

    const live = (message: Message) => {
      // A send that gave up waiting (its packet went out on reconnect) is sent after all.
      if (message.sender.id === meId) outbox.settle(message.clientId);
      setHistory((w) => mergeMessages(w, [message]));
      setDetail((d) => d && withPinnedVersion(d, message, meId));
      cursor = noteEvent(cursor, message.eventSeq);
      if (hasGap(cursor)) void catchUp();
    };
    applyLive.current = live;
    outbox.connect({ transmit: (payload) => sendMessage(socket, payload), onSaved: live });

    async function readDetail(): Promise<Detail | null> {
      const answer = await callApi(`/api/conversations/${conversationId}`, conversationDetailSchema);
      if (disposed) return null;
      if (!answer.ok) {
        missing = answer.status === 404 || answer.status === 403;
        if (missing) setNotFound(true);
        else setProblem(answer.error.message);
        return null;
      }
      setProblem(null);
      setDetail((previous) => refreshedDetail(previous, answer.data));
      return answer.data;
    }

    rereadDetail.current = () => void readDetail();

    async function open(): Promise<void> {
      if (opening || opened) return;
      opening = true;
      try {
        // The counter is read before the page, so nothing committed in between can be skipped.
        const first = await readDetail();
        if (!first) {
          if (!missing && !disposed) later(() => void open(), RETRY_AFTER_MS);
          return;
        }
        // Only what was unread on arrival gets the "New messages" line; what comes in while reading does not.
        if (first.conversation.unread > 0) setReadAtOpen((at) => at ?? first.conversation.lastReadSeq);
        cursor = startCursor(cursor, first.conversation.lastEventSeq);
        const page = await callApi(messagesPath(conversationId, {}), messagePageSchema);
        if (disposed) return;
        if (!page.ok) {
          setProblem(page.error.message);
          later(() => void open(), RETRY_AFTER_MS);
          return;
        }
        setProblem(null);
        opened = true;
        setHistory((w) => firstPage(w, page.data));
      } finally {
        opening = false;
      }
      // Also (re)joins the conversation's room for a socket that connected before the user was added.
      void catchUp();
    }

    const onMessage = (raw: unknown) => {
      const message = messageSchema.safeParse(raw).data;
      if (message?.conversationId === conversationId) live(message);
    };
    const onAcknowledged = (raw: unknown) => {
      const event = acknowledgedSchema.safeParse(raw).data;
      if (event?.conversationId !== conversationId) return;
      setHistory((w) => applyAcknowledgement(w, event));
      setDetail((d) => d && withAcknowledgement(d, event));
    };
    const onRead = (raw: unknown) => {
      const event = readEventSchema.safeParse(raw).data;
      if (event?.conversationId === conversationId) setDetail((d) => d && withReadPointer(d, event));
    };
    const onConnect = () => {
      if (!opened) {
        // Not read yet (or the read failed): read it now; a read on its way catches up when done.
        void open();
        return;
      }
      void readDetail();
      void catchUp();
    };

    socket.on("message:new", onMessage);
    socket.on("message:updated", onMessage);
    socket.on("message:acknowledged", onAcknowledged);
    socket.on("conversation:read", onRead);
    socket.on("connect", onConnect);
    // The server's Redis came back: events from other instances may have been lost meanwhile.
    socket.on("server:resync", onConnect);
    void open();
    return () => {
      disposed = true;
      clearTimeout(retry);
      applyLive.current = () => {};
      rereadDetail.current = () => {};
      outbox.connect(null);
      socket.off("message:new", onMessage);
      socket.off("message:updated", onMessage);
      socket.off("message:acknowledged", onAcknowledged);
      socket.off("conversation:read", onRead);
      socket.off("connect", onConnect);
      socket.off("server:resync", onConnect);
    };
  }, [socket, conversationId, meId, outbox]);

  const loadPage = useCallback(
    async (kind: "older" | "newer" | "unread", params: Record<string, string>, place: (w: MessageWindow, page: Parameters<typeof firstPage>[1]) => MessageWindow) => {
      setLoading(kind);
      const page = await callApi(messagesPath(conversationId, params), messagePageSchema);
      setLoading(null);
      if (!page.ok) {
        setProblem(page.error.message);
        return;
      }
      setHistory((w) => place(w, page.data));
    },
    [conversationId],
  );

  const loadOlder = useCallback(() => {
    if (history.olderCursor !== null) void loadPage("older", { before: String(history.olderCursor) }, olderPage);
  }, [history.olderCursor, loadPage]);
  const loadNewer = useCallback(() => {
    if (history.newerCursor !== null) void loadPage("newer", { after: String(history.newerCursor) }, newerPage);
  }, [history.newerCursor, loadPage]);
  const jumpToFirstUnread = useCallback(() => {
    if (readAtOpen !== null) void loadPage("unread", { after: String(readAtOpen) }, (_w, page) => replaceWithPage(page, readAtOpen));
  }, [readAtOpen, loadPage]);

  const edit = useCallback(
    (messageId: string, body: string) => answeredOn(socketRef.current, (current) => editMessage(current, messageId, body), (message) => applyLive.current(message)),
    [],
  );

  const remove = useCallback((messageId: string) => answeredOn(socketRef.current, (current) => deleteMessage(current, messageId), (message) => applyLive.current(message)), []);

  const acknowledgeUrgent = useCallback(
    (messageId: string) =>
      answeredOn(
        socketRef.current,
        (current) => acknowledgeMessage(current, messageId),
        (acknowledged) => {
          setHistory((w) => applyAcknowledgement(w, acknowledged));
          setDetail((d) => d && withAcknowledgement(d, acknowledged));
        },
      ),
    [],
  );

  const markRead = useCallback(
    (seq: number) => {
      const current = socketRef.current;
      if (!current?.connected || seq <= lastReadSent.current) return;
      const before = lastReadSent.current;
      lastReadSent.current = seq;
      void sendRead(current, conversationId, seq).then((answer) => {
        if (!answer.ok) {
          // Asked again with the next message in view, or on the next scroll.
          lastReadSent.current = Math.min(lastReadSent.current, before);
          return;
        }
        onReadAnswered(answer.data);
        setDetail((d) => d && withReadPointer(d, { userId: meId, lastReadSeq: answer.data.lastReadSeq }));
      });
    },
    [conversationId, meId, onReadAnswered],
  );

  const reloadDetail = useCallback(() => rereadDetail.current(), []);
  const send = useCallback((body: string, urgent: boolean) => void outbox.send(conversationId, body, urgent), [outbox, conversationId]);
  const retry = useCallback((clientId: string) => outbox.retry(clientId), [outbox]);
  const discard = useCallback((clientId: string) => outbox.discard(clientId), [outbox]);

  const messages = useMemo(() => orderedMessages(history), [history]);
  const outgoing = useMemo(() => {
    const saved = new Set(messages.filter((m) => m.sender.id === meId).map((m) => m.clientId));
    return queued.filter((o) => o.conversationId === conversationId && !saved.has(o.clientId));
  }, [queued, messages, meId, conversationId]);
  const pinned = useMemo(() => (detail?.pinned ?? []).filter((m) => mustAcknowledge(m, meId)).sort((a, b) => a.seq - b.seq), [detail, meId]);

  return {
    detail,
    notFound,
    problem,
    history,
    messages,
    pinned,
    outgoing,
    readAtOpen,
    loading,
    loadOlder,
    loadNewer,
    jumpToFirstUnread,
    send,
    retry,
    discard,
    edit,
    remove,
    acknowledgeUrgent,
    markRead,
    reloadDetail,
  };
}
