import type { z } from "zod";
import { readAck, type AckResult } from "../socket-ack";
import type { ClinicSocket } from "../use-clinic-socket";
import type { SendOutcome, SendPayload } from "./send-queue";
import { acknowledgedSchema, changedMessageSchema, readAckSchema, sentSchema, syncResultSchema, type Acknowledged, type Message, type Sync } from "./wire";

/** An ack that has not come by then counts as lost (a send is then retried with the same clientId). */
export const ACK_TIMEOUT_MS = 5_000;

async function call<T>(schema: z.ZodType<T>, emit: () => Promise<unknown>): Promise<AckResult<T>> {
  try {
    return readAck(schema, null, await emit());
  } catch (error) {
    return readAck(schema, error ?? new Error("no answer"), undefined);
  }
}

export function sendMessage(socket: ClinicSocket, payload: SendPayload): Promise<SendOutcome> {
  return call(sentSchema, () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("message:send", payload));
}

export async function editMessage(socket: ClinicSocket, messageId: string, body: string): Promise<AckResult<Message>> {
  const answer = await call(changedMessageSchema, () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("message:edit", { messageId, body }));
  return answer.ok ? { ok: true, data: answer.data.message } : answer;
}

export async function deleteMessage(socket: ClinicSocket, messageId: string): Promise<AckResult<Message>> {
  const answer = await call(changedMessageSchema, () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("message:delete", { messageId }));
  return answer.ok ? { ok: true, data: answer.data.message } : answer;
}

export function acknowledgeMessage(socket: ClinicSocket, messageId: string): Promise<AckResult<Acknowledged>> {
  return call(acknowledgedSchema, () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("message:acknowledge", { messageId }));
}

export function markRead(socket: ClinicSocket, conversationId: string, seq: number): Promise<AckResult<{ conversationId: string; lastReadSeq: number; unread: number }>> {
  return call(readAckSchema, () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("conversation:read", { conversationId, seq }));
}

export function syncConversation(socket: ClinicSocket, conversationId: string, afterEventSeq: number): Promise<AckResult<Sync>> {
  return call(syncResultSchema, () => socket.timeout(ACK_TIMEOUT_MS).emitWithAck("conversation:sync", { conversationId, afterEventSeq }));
}

/** Typing is a hint: nobody waits for its answer. */
export function setTyping(socket: ClinicSocket, conversationId: string, typing: boolean): void {
  if (socket.connected) socket.emit("typing:set", { conversationId, typing });
}
