import type { Db } from "../db/client.ts";
import { ALL_STAFF_KEY, ALL_STAFF_NAME } from "./rules.ts";

/**
 * The channels every clinic has: one for all staff, and one per department whose members
 * are that department's clinicians plus reception and admins (who work across departments).
 * Idempotent; run at boot for everyone, and for one person before their conversations are
 * read, so people and departments added since are covered too.
 */
export async function ensureDefaultChannels(db: Db, forUserId: string | null = null): Promise<void> {
  await createMissingChannels(db);
  await addDefaultMembers(db, forUserId);
}

const RECHECK_MS = 60_000;
const checkedAt = new WeakMap<Db, Map<string, number>>();

/**
 * ensureDefaultChannels for one staff member, at most once a minute per person and process:
 * it runs before every inbox read and socket handshake, and its answer rarely changes.
 */
export async function ensureDefaultChannelsFor(db: Db, userId: string, now = Date.now()): Promise<void> {
  let seen = checkedAt.get(db);
  if (!seen) checkedAt.set(db, (seen = new Map()));
  const last = seen.get(userId);
  if (last !== undefined && now - last < RECHECK_MS) return;
  await ensureDefaultChannels(db, userId);
  seen.set(userId, now);
}

/** The all-staff channel and one per department (departments added later get theirs on the next call). */
async function createMissingChannels(db: Db): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "Conversation" ("id", "kind", "name", "systemKey")
    VALUES (gen_random_uuid(), 'CHANNEL', ${ALL_STAFF_NAME}, ${ALL_STAFF_KEY})
    ON CONFLICT ("systemKey") DO NOTHING`;
  await db.$executeRaw`
    INSERT INTO "Conversation" ("id", "kind", "name", "departmentId")
    SELECT gen_random_uuid(), 'CHANNEL', d."name", d."id" FROM "Department" d
    ON CONFLICT ("departmentId") DO NOTHING`;
}

/** Adds the user (or, with null, every staff member) to the default channels they belong in. */
export async function addDefaultMembers(db: Db, userId: string | null): Promise<void> {
  await db.$executeRaw`
    INSERT INTO "ConversationMember" ("conversationId", "userId")
    SELECT c."id", u."id"
    FROM "Conversation" c
    JOIN "User" u ON u."role" IN ('ADMIN', 'RECEPTIONIST', 'CLINICIAN') AND u."disabledAt" IS NULL
    WHERE (${userId}::uuid IS NULL OR u."id" = ${userId}::uuid)
      AND (
        c."systemKey" = ${ALL_STAFF_KEY}
        OR (c."departmentId" IS NOT NULL AND (
              u."role" IN ('ADMIN', 'RECEPTIONIST')
              OR EXISTS (SELECT 1 FROM "Clinician" k WHERE k."userId" = u."id" AND k."departmentId" = c."departmentId")))
      )
    ON CONFLICT DO NOTHING`;
}

/** Members a visit thread starts with: the ticket's department channel's members. */
export function departmentStaffIds(db: Db, departmentId: string): Promise<string[]> {
  return db.user
    .findMany({
      where: {
        disabledAt: null,
        OR: [{ role: { in: ["ADMIN", "RECEPTIONIST"] } }, { role: "CLINICIAN", clinician: { departmentId } }],
      },
      select: { id: true },
    })
    .then((rows) => rows.map((r) => r.id));
}
