import { z } from "zod";
import type { Prisma } from "../db/generated/client.ts";
import { AppError, isUniqueViolation, validationError } from "../errors.ts";
import { localDateOf } from "../booking/local-time.ts";
import type { SessionUser } from "../roles.ts";
import { changeQueue, type QueueDeps } from "./queue-change.ts";
import { queuedAtFor } from "./ordering.ts";
import { loadTicket, toTicketView, type TicketView } from "./ticket-view.ts";

type Tx = Prisma.TransactionClient;
const MINUTE = 60_000;

const priority = z.enum(["NORMAL", "URGENT"], "must be NORMAL or URGENT").optional();
const reason = z.string().trim().max(200, "must be at most 200 characters").optional();

const appointmentCheckIn = z.object({ appointmentId: z.uuid("must be an id"), priority, reason });
const walkInCheckIn = z.object({ departmentId: z.uuid("must be an id"), patientId: z.uuid("must be an id"), priority, reason });
export const staffCheckInSchema = z.union([appointmentCheckIn, walkInCheckIn]);

export function ticketCode(prefix: string, number: number): string {
  return `${prefix}-${String(number).padStart(3, "0")}`;
}

/** The day's next number for the department; the counter row is updated in the caller's transaction, so numbers have no gaps. */
export async function nextTicketNumber(tx: Tx, departmentId: string, serviceDate: string): Promise<number> {
  const [row] = await tx.$queryRaw<{ lastNumber: number }[]>`
    INSERT INTO "QueueCounter" ("departmentId", "serviceDate", "lastNumber") VALUES (${departmentId}::uuid, ${serviceDate}::date, 1)
    ON CONFLICT ("departmentId", "serviceDate") DO UPDATE SET "lastNumber" = "QueueCounter"."lastNumber" + 1
    RETURNING "lastNumber"`;
  return row!.lastNumber;
}

interface NewTicket {
  departmentId: string;
  patientId: string;
  appointment: { id: string; startsAt: Date } | null;
  priority: "NORMAL" | "URGENT";
  reason: string | null;
  checkedInById: string | null;
}

/** Creates the ticket inside the queue transaction: the day's next number, the policy's queue time. */
export async function createTicket(deps: QueueDeps, ticket: NewTicket, now: number): Promise<string> {
  const department = await deps.db.department.findUnique({ where: { id: ticket.departmentId }, select: { ticketPrefix: true, location: { select: { timeZone: true, checkInClosesMinutes: true } } } });
  if (!department) throw new AppError("VALIDATION_FAILED", "No such department.", [{ field: "departmentId", problem: "does not exist" }]);
  const serviceDate = localDateOf(now, department.location.timeZone);
  const checkedInAt = new Date(now);
  try {
    const [change] = await changeQueue(deps, [ticket.departmentId], async (tx) => {
      const number = await nextTicketNumber(tx, ticket.departmentId, serviceDate);
      const created = await tx.ticket.create({
        data: {
          departmentId: ticket.departmentId,
          patientId: ticket.patientId,
          appointmentId: ticket.appointment?.id ?? null,
          serviceDate: new Date(`${serviceDate}T00:00:00Z`),
          number,
          code: ticketCode(department.ticketPrefix, number),
          priority: ticket.priority,
          reason: ticket.reason,
          checkedInAt,
          queuedAt: queuedAtFor(checkedInAt, ticket.appointment?.startsAt ?? null, department.location.checkInClosesMinutes),
          checkedInById: ticket.checkedInById,
        },
        select: { id: true },
      });
      return [{ departmentId: ticket.departmentId, ticketId: created.id, kind: "checked-in" as const }];
    });
    return change!.ticketId;
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError("CONFLICT", "This patient is already in the queue today.");
    throw error;
  }
}

/** Reception checks in a patient booked for today, or adds a walk-in. */
export async function checkInByStaff(deps: QueueDeps, user: SessionUser, input: unknown, now = Date.now()): Promise<TicketView> {
  if (user.role !== "ADMIN" && user.role !== "RECEPTIONIST") throw new AppError("FORBIDDEN", "Reception checks patients in.");
  // Parsed as the shape it claims to be (an appointment's check-in when it has an appointmentId),
  // so a missing or bad field is named; the union alone answers only "(body): Invalid input".
  const shape = typeof input === "object" && input !== null && "appointmentId" in input ? appointmentCheckIn : walkInCheckIn;
  const parsed = shape.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const data = parsed.data;
  let ticket: NewTicket;
  if ("appointmentId" in data) {
    const appointment = await bookedToday(deps, data.appointmentId, now);
    ticket = { departmentId: appointment.departmentId, patientId: appointment.patientId, appointment, priority: data.priority ?? "NORMAL", reason: data.reason ?? null, checkedInById: user.id };
  } else {
    const patient = await deps.db.patient.findUnique({ where: { id: data.patientId }, select: { id: true } });
    if (!patient) throw new AppError("VALIDATION_FAILED", "No such patient.", [{ field: "patientId", problem: "does not exist" }]);
    ticket = { departmentId: data.departmentId, patientId: patient.id, appointment: null, priority: data.priority ?? "NORMAL", reason: data.reason ?? null, checkedInById: user.id };
  }
  const id = await createTicket(deps, ticket, now);
  return toTicketView(await loadTicket(deps.db, id));
}

async function bookedToday(deps: QueueDeps, appointmentId: string, now: number) {
  const appointment = await deps.db.appointment.findUnique({
    where: { id: appointmentId },
    select: { id: true, status: true, startsAt: true, patientId: true, patient: { select: { userId: true } }, ticket: { select: { id: true } }, clinician: { select: { departmentId: true, department: { select: { location: { select: { timeZone: true, checkInOpensMinutes: true, checkInClosesMinutes: true } } } } } } },
  });
  if (!appointment) throw new AppError("NOT_FOUND", "No such appointment.");
  const { location } = appointment.clinician.department;
  if (appointment.status !== "BOOKED") throw new AppError("CONFLICT", `This appointment is ${appointment.status.toLowerCase().replace("_", "-")} and cannot be checked in.`);
  if (appointment.ticket) throw new AppError("CONFLICT", "This appointment is already checked in.", { ticketId: appointment.ticket.id });
  if (localDateOf(appointment.startsAt.getTime(), location.timeZone) !== localDateOf(now, location.timeZone)) {
    throw new AppError("CONFLICT", "Only today's appointments can be checked in.");
  }
  return { ...appointment, departmentId: appointment.clinician.departmentId, location };
}

/**
 * A patient checks in from their phone for their own appointment today, within the window
 * around its start (location policy, e.g. 30 minutes before to 15 after).
 */
export async function checkInSelf(deps: QueueDeps, user: SessionUser, appointmentId: string, now = Date.now()): Promise<{ ticketId: string; code: string }> {
  if (user.role !== "PATIENT") throw new AppError("FORBIDDEN", "Patients check themselves in; reception uses the board.");
  // Someone else's appointment is as unknown as a missing one, whatever its state.
  const own = /^[0-9a-f-]{36}$/i.test(appointmentId)
    ? await deps.db.appointment.findFirst({ where: { id: appointmentId, patient: { userId: user.id } }, select: { id: true } })
    : null;
  if (!own) throw new AppError("NOT_FOUND", "No such appointment.");
  const appointment = await bookedToday(deps, appointmentId, now);
  const opens = appointment.startsAt.getTime() - appointment.location.checkInOpensMinutes * MINUTE;
  const closes = appointment.startsAt.getTime() + appointment.location.checkInClosesMinutes * MINUTE;
  if (now < opens || now > closes) {
    const time = (ms: number) => new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: appointment.location.timeZone }).format(ms);
    throw new AppError("CHECK_IN_CLOSED", `You can check in from ${time(opens)} to ${time(closes)}. Outside that time, please see reception.`, {
      opensAt: new Date(opens).toISOString(),
      closesAt: new Date(closes).toISOString(),
    });
  }
  const id = await createTicket(deps, { departmentId: appointment.departmentId, patientId: appointment.patientId, appointment, priority: "NORMAL", reason: null, checkedInById: user.id }, now);
  const row = await loadTicket(deps.db, id);
  return { ticketId: row.id, code: row.code };
}
