"use client";

import { useRouter } from "next/navigation";
import { useCallback, useState } from "react";
import { callApi } from "@/app/_lib/api-client";
import { oneConversationSchema } from "@/app/_lib/messaging/wire";
import { useMessaging } from "./messaging-provider";

export type NewConversation = { kind: "direct"; userId: string } | { kind: "group"; memberIds: string[]; name?: string } | { kind: "channel"; name: string; memberIds?: string[] };

/** POST /api/conversations (a direct message that exists already is opened), then open it. */
export function useStartConversation(): { start: (request: NewConversation) => Promise<boolean>; busy: boolean; error: string | null } {
  const router = useRouter();
  const { addConversation } = useMessaging();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const start = useCallback(
    async (request: NewConversation) => {
      setBusy(true);
      setError(null);
      const answer = await callApi("/api/conversations", oneConversationSchema, request);
      setBusy(false);
      if (!answer.ok) {
        setError(answer.error.message);
        return false;
      }
      addConversation(answer.data.conversation);
      router.push(`/staff/messages/${answer.data.conversation.id}`);
      return true;
    },
    [addConversation, router],
  );

  return { start, busy, error };
}
