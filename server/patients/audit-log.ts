import { z } from "zod";
import type { Db } from "../db/client.ts";
import { AppError, validationError } from "../errors.ts";
import type { Role, SessionUser } from "../roles.ts";
import { isUuid } from "./patient-fields.ts";

/** The actions patient records write today; the log itself accepts any `domain.verb`. */
export const PATIENT_AUDIT_ACTIONS = ["patient.search", "patient.view", "patient.create", "patient.update"] as const;

/** Kinds, counts and field names only: details never carry personal values. */
export type AuditDetails = Record<string, string | number | boolean | string[]>;

export interface AuditEventInput {
  actorId: string;
  action: string;
  patientId?: string;
  details?: AuditDetails;
}

/** Takes the transaction client, so the event commits or rolls back with the change it records. */
export async function recordAuditEvent(tx: Pick<Db, "auditEvent">, event: AuditEventInput): Promise<void> {
  await tx.auditEvent.create({
    data: { actorId: event.actorId, action: event.action, patientId: event.patientId ?? null, details: event.details },
    select: { id: true },
  });
}

export interface AuditEventView {
  id: string;
  at: string;
  action: string;
  actor: { id: string; displayName: string; role: Role };
  patient: { id: string; firstName: string; lastName: string; medicalRecordNumber: string } | null;
  details: unknown;
}

export interface AuditPage {
  events: AuditEventView[];
  /** Pass as `before` to get the next (older) page; null on the last page. */
  nextBefore: string | null;
}

interface Cursor {
  at: Date;
  id?: string;
}

/** `before` is an ISO timestamp, optionally followed by `~<event id>` to break ties within a millisecond. */
function parseCursor(value: string): Cursor | null {
  const [at, id, ...rest] = value.split("~");
  if (rest.length > 0 || !at || !z.iso.datetime({ offset: true }).safeParse(at).success) return null;
  if (id !== undefined && !isUuid(id)) return null;
  return { at: new Date(at), id };
}

const blankAsAbsent = (v: unknown) => (v === "" || v === null ? undefined : v);
const uuidFilter = z.preprocess(blankAsAbsent, z.string().refine(isUuid, "must be a record id (UUID)").optional());

export const listAuditEventsSchema = z.object({
  patientId: uuidFilter,
  actorId: uuidFilter,
  action: z.preprocess(blankAsAbsent, z.string().regex(/^[a-z]+(\.[a-z-]+)+$/, "must be an action such as patient.view").optional()),
  before: z.preprocess(
    blankAsAbsent,
    z
      .string()
      .transform((v, ctx) => {
        const cursor = parseCursor(v);
        if (!cursor) ctx.addIssue({ code: "custom", message: "must be an ISO timestamp or a nextBefore cursor" });
        return cursor ?? z.NEVER;
      })
      .optional(),
  ),
  limit: z.preprocess(blankAsAbsent, z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(100, "must be at most 100").default(50)),
});

/** The audit log, newest first, for admins. Keyset pagination on (at, id). */
export async function listAuditEvents(db: Db, viewer: SessionUser, input: unknown): Promise<AuditPage> {
  if (viewer.role !== "ADMIN") throw new AppError("FORBIDDEN", "Only admins can read the audit log.");
  const parsed = listAuditEventsSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { patientId, actorId, action, before, limit } = parsed.data;

  const rows = await db.auditEvent.findMany({
    where: {
      patientId,
      actorId,
      action,
      ...(before && (before.id ? { OR: [{ at: { lt: before.at } }, { at: before.at, id: { lt: before.id } }] } : { at: { lt: before.at } })),
    },
    orderBy: [{ at: "desc" }, { id: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      at: true,
      action: true,
      details: true,
      actor: { select: { id: true, displayName: true, role: true } },
      patient: { select: { id: true, firstName: true, lastName: true, medicalRecordNumber: true } },
    },
  });
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    events: page.map((row) => ({ ...row, at: row.at.toISOString() })),
    nextBefore: rows.length > limit && last ? `${last.at.toISOString()}~${last.id}` : null,
  };
}
