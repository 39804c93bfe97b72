import { z } from "zod";

/** Limits of staff messaging, in one place (the database CHECKs agree). */
export const MESSAGE_MAX_CHARS = 4_000;
export const GROUP_MAX_MEMBERS = 10;
export const CONVERSATION_NAME_MAX = 80;
export const PAGE_DEFAULT = 50;
export const PAGE_MAX = 100;
export const SYNC_BATCH = 200;
export const ALL_STAFF_KEY = "all-staff";
export const ALL_STAFF_NAME = "All staff";

/** Characters that have no place in a chat message (NUL and the other C0 controls except tab and newline). */
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

/**
 * Message text: trimmed, 1..4000 characters (counted as the database counts them, by code
 * point), no control characters. Stored as typed; it is shown as text, never as HTML.
 */
export const messageBodySchema = z
  .string({ error: "must be text" })
  .transform((s) => s.replace(/\r\n?/g, "\n").trim())
  .refine((s) => s.length > 0, "must not be empty")
  .refine((s) => [...s].length <= MESSAGE_MAX_CHARS, `must be at most ${MESSAGE_MAX_CHARS} characters`)
  .refine((s) => !CONTROL_CHARS.test(s), "must not contain control characters");

/** The sender's own id for a message (a UUID from the browser, or any short token). */
export const clientIdSchema = z.string({ error: "must be text" }).regex(/^[A-Za-z0-9_-]{1,64}$/, "must be 1–64 letters, digits, '-' or '_'");

export const conversationNameSchema = z
  .string({ error: "must be text" })
  .trim()
  .min(1, "must not be empty")
  .max(CONVERSATION_NAME_MAX, `must be at most ${CONVERSATION_NAME_MAX} characters`)
  .refine((s) => !CONTROL_CHARS.test(s), "must not contain control characters");

export const idSchema = z.uuid("must be an id");

export const sendMessageSchema = z.object({
  conversationId: idSchema,
  clientId: clientIdSchema,
  body: messageBodySchema,
  urgent: z.boolean({ error: "must be true or false" }).optional().default(false),
});
export type SendMessageInput = z.infer<typeof sendMessageSchema>;

export const editMessageSchema = z.object({ messageId: idSchema, body: messageBodySchema });
export const messageIdSchema = z.object({ messageId: idSchema });
export const markReadSchema = z.object({ conversationId: idSchema, seq: z.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more") });
export const syncSchema = z.object({ conversationId: idSchema, afterEventSeq: z.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more") });
export const typingSchema = z.object({ conversationId: idSchema, typing: z.boolean({ error: "must be true or false" }) });
export const presenceSetSchema = z.object({ status: z.enum(["online", "away"], { error: "must be online or away" }) });

const cursor = z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(0, "must be 0 or more");
export const messagePageQuerySchema = z
  .object({
    before: cursor.optional(),
    after: cursor.optional(),
    limit: z.coerce.number({ error: "must be a number" }).int("must be a whole number").min(1, "must be at least 1").max(PAGE_MAX, `must be at most ${PAGE_MAX}`).default(PAGE_DEFAULT),
  })
  .refine((q) => q.before === undefined || q.after === undefined, { message: "give before or after, not both", path: ["before"] });
export type MessagePageQuery = z.infer<typeof messagePageQuerySchema>;

// The exact limit (10 people, the creator included, duplicates ignored) is checked once the list is de-duplicated.
const otherMembers = z.array(idSchema).max(GROUP_MAX_MEMBERS * 2, `a group has at most ${GROUP_MAX_MEMBERS} people, you included`);

export const createConversationSchema = z.discriminatedUnion(
  "kind",
  [
    z.object({ kind: z.literal("direct"), userId: idSchema }),
    z.object({ kind: z.literal("group"), memberIds: otherMembers.min(1, "name at least one other person"), name: conversationNameSchema.optional() }),
    z.object({ kind: z.literal("channel"), name: conversationNameSchema, memberIds: z.array(idSchema).max(500, "at most 500 members at once").optional() }),
  ],
  { error: "must be direct, group or channel" },
);
export type CreateConversationInput = z.infer<typeof createConversationSchema>;

export const addMembersSchema = z.object({ userIds: z.array(idSchema).min(1, "name at least one person").max(500, "at most 500 at once") });

/** The key that makes a pair of people have exactly one direct conversation. */
export function directKeyFor(a: string, b: string): string {
  return [a, b].sort().join(":");
}
