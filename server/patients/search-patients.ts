import { z } from "zod";
import type { Db } from "../db/client.ts";
import { Prisma } from "../db/generated/client.ts";
import { validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { recordAuditEvent } from "./audit-log.ts";
import { requireStaff } from "./patient-access.ts";
import { isoDate } from "./patient-fields.ts";
import type { PatientSummary } from "./patient-views.ts";

export const SEARCH_LIMIT = 25;

export type SearchKind = "name" | "medicalRecordNumber" | "dateOfBirth" | "phone";

const digitsOf = (value: string) => value.replace(/\D/g, "");

/** What the staff member typed: a date, an MRN (or one word with a digit in it), a phone number, or else a name. */
export function searchKindOf(q: string): SearchKind {
  if (/^\d{4}-\d{2}-\d{2}$/.test(q)) return "dateOfBirth";
  if (/^mrn/i.test(q)) return "medicalRecordNumber";
  if (/^\+?[\d\s()./-]+$/.test(q) && digitsOf(q).length >= 6) return "phone";
  if (/^[a-z0-9-]+$/i.test(q) && /\d/.test(q)) return "medicalRecordNumber";
  return "name";
}

export const searchPatientsSchema = z.object({
  q: z
    .string("is required")
    .trim()
    .min(2, "must be at least 2 characters")
    .max(100, "must be at most 100 characters")
    .refine((q) => searchKindOf(q) !== "dateOfBirth" || isoDate.safeParse(q).success, "is not a real date"),
});

/** LIKE treats %, _ and \ specially; a search for "_da" must not match "Ada". */
function prefixPattern(text: string): string {
  return `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

const FIRST = Prisma.raw(`lower("firstName")`);
const LAST = Prisma.raw(`lower("lastName")`);

/**
 * Case-insensitive prefixes on first and last name, written as `lower(col) LIKE lower(…)` so
 * the lower(...) text_pattern_ops indexes serve them. "ada love", "love ada" and
 * "lovelace, ada" find Ada Lovelace; a one-part query matches either name; a query of
 * several words is also tried split at every space, for names like "Mary Ann" or "van der Berg".
 */
function nameCondition(q: string): Prisma.Sql {
  const text = q.replace(/\s+/g, " ");
  const pairs: { first?: string; last?: string }[] = [];
  const comma = text.indexOf(",");
  if (comma >= 0) {
    const last = text.slice(0, comma).trim();
    const first = text.slice(comma + 1).trim();
    pairs.push({ ...(first && { first }), ...(last && { last }) });
  } else {
    pairs.push({ first: text }, { last: text });
    const words = text.split(" ");
    for (let i = 1; i < words.length; i++) {
      const head = words.slice(0, i).join(" ");
      const tail = words.slice(i).join(" ");
      pairs.push({ first: head, last: tail }, { first: tail, last: head });
    }
  }
  const branches = pairs.map(({ first, last }) => {
    const parts = [
      ...(first ? [Prisma.sql`${FIRST} LIKE lower(${prefixPattern(first)})`] : []),
      ...(last ? [Prisma.sql`${LAST} LIKE lower(${prefixPattern(last)})`] : []),
    ];
    return parts.length ? Prisma.sql`(${Prisma.join(parts, " AND ")})` : Prisma.sql`FALSE`;
  });
  return Prisma.join(branches, " OR ");
}

function searchCondition(kind: SearchKind, q: string): Prisma.Sql {
  switch (kind) {
    case "dateOfBirth":
      return Prisma.sql`"dateOfBirth" = ${q}::date`;
    case "medicalRecordNumber":
      // MRNs are stored upper-case (CHECK constraint), so an upper-cased prefix is case-insensitive.
      return Prisma.sql`"medicalRecordNumber" LIKE ${prefixPattern(q.toUpperCase())}`;
    case "phone":
      return Prisma.sql`regexp_replace("phone", '[^0-9]', '', 'g') = ${digitsOf(q)}`;
    case "name":
      return nameCondition(q);
  }
}

/** The whole query, exported so a test can check its plan uses the name indexes. */
export function searchQuery(kind: SearchKind, q: string): Prisma.Sql {
  return Prisma.sql`
    SELECT "id", "medicalRecordNumber", "firstName", "lastName", to_char("dateOfBirth", 'YYYY-MM-DD') AS "dateOfBirth", "phone"
    FROM "Patient"
    WHERE ${searchCondition(kind, q)}
    ORDER BY lower("lastName"), lower("firstName"), "id"
    LIMIT ${SEARCH_LIMIT}`;
}

export interface PatientSearchResult {
  kind: SearchKind;
  patients: PatientSummary[];
}

/** Staff find a patient by name, MRN, date of birth or phone. Audited by kind and count, never by the query text. */
export async function searchPatients(db: Db, user: SessionUser, input: unknown): Promise<PatientSearchResult> {
  requireStaff(user);
  const parsed = searchPatientsSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const q = parsed.data.q;
  const kind = searchKindOf(q);
  const patients = await db.$queryRaw<PatientSummary[]>(searchQuery(kind, q));
  await recordAuditEvent(db, { actorId: user.id, action: "patient.search", details: { kind, count: patients.length } });
  return { kind, patients };
}
