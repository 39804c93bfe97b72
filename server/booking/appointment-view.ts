import type { DbOrTx } from "../db/client.ts";
import { AppError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { localDateOf } from "./local-time.ts";

const MINUTE = 60_000;

export const appointmentSelect = {
  id: true,
  status: true,
  startsAt: true,
  endsAt: true,
  holdExpiresAt: true,
  cancelledBy: true,
  cancelReason: true,
  rescheduledFromId: true,
  patientId: true,
  patient: { select: { id: true, firstName: true, lastName: true, medicalRecordNumber: true, userId: true } },
  appointmentType: { select: { id: true, name: true, durationMinutes: true } },
  clinician: {
    select: {
      id: true,
      room: true,
      user: { select: { displayName: true } },
      department: { select: { id: true, name: true, location: { select: { timeZone: true, cancellationWindowMinutes: true, name: true, address: true } } } },
    },
  },
} as const;

type Row = Awaited<ReturnType<typeof findRow>>;
function findRow(db: DbOrTx, id: string) {
  return db.appointment.findUnique({ where: { id }, select: appointmentSelect });
}
export type AppointmentRow = NonNullable<Row>;

export interface AppointmentView {
  id: string;
  status: string;
  startsAt: string;
  endsAt: string;
  /** Local date of the start, in the location's time zone. */
  date: string;
  timeZone: string;
  holdExpiresAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
  rescheduledFromId: string | null;
  /** Until when the patient may cancel or reschedule online. */
  changeableUntil: string;
  clinician: { id: string; displayName: string; room: string };
  department: { id: string; name: string };
  appointmentType: { id: string; name: string; durationMinutes: number };
  /** Only for staff. */
  patient?: { id: string; firstName: string; lastName: string; medicalRecordNumber: string };
}

export function toAppointmentView(row: AppointmentRow, viewer: SessionUser): AppointmentView {
  const location = row.clinician.department.location;
  return {
    id: row.id,
    status: row.status,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt.toISOString(),
    date: localDateOf(row.startsAt.getTime(), location.timeZone),
    timeZone: location.timeZone,
    holdExpiresAt: row.holdExpiresAt?.toISOString() ?? null,
    cancelledBy: row.cancelledBy,
    cancelReason: row.cancelReason,
    rescheduledFromId: row.rescheduledFromId,
    changeableUntil: new Date(row.startsAt.getTime() - location.cancellationWindowMinutes * MINUTE).toISOString(),
    clinician: { id: row.clinician.id, displayName: row.clinician.user.displayName, room: row.clinician.room },
    department: { id: row.clinician.department.id, name: row.clinician.department.name },
    appointmentType: row.appointmentType,
    ...(viewer.role === "PATIENT"
      ? {}
      : { patient: { id: row.patient.id, firstName: row.patient.firstName, lastName: row.patient.lastName, medicalRecordNumber: row.patient.medicalRecordNumber } }),
  };
}

/**
 * An appointment the user may see: staff see every appointment; a patient only their own.
 * Anything else answers NOT_FOUND, exactly like an id that does not exist.
 */
export async function loadAppointmentFor(db: DbOrTx, user: SessionUser, id: string): Promise<AppointmentRow> {
  const row = /^[0-9a-f-]{36}$/i.test(id) ? await findRow(db, id) : null;
  if (!row || (user.role === "PATIENT" && row.patient.userId !== user.id)) {
    throw new AppError("NOT_FOUND", "No such appointment.");
  }
  return row;
}

/** The patient record of a signed-in patient. */
export async function ownPatientId(db: DbOrTx, user: SessionUser): Promise<string> {
  const patient = await db.patient.findUnique({ where: { userId: user.id }, select: { id: true } });
  if (!patient) throw new AppError("NOT_FOUND", "No patient record is linked to your account. Please contact reception.");
  return patient.id;
}
