import { toIsoDate } from "./patient-fields.ts";

/** One row of a staff search: enough to pick the right person, nothing clinical. */
export interface PatientSummary {
  id: string;
  medicalRecordNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: string;
  phone: string | null;
}

/** The whole record as staff see it. */
export interface PatientRecord extends PatientSummary {
  email: string | null;
  notes: string | null;
  /** The sign-in email of the linked patient account, if the patient has one. */
  accountEmail: string | null;
  upcomingAppointments: number;
  createdAt: string;
  updatedAt: string;
}

/** Booked appointments from now on; holds are not counted (they lapse within minutes). */
function upcomingAppointmentsWhere() {
  return { status: "BOOKED" as const, startsAt: { gte: new Date() } };
}

export function patientRecordSelect() {
  return {
    id: true,
    medicalRecordNumber: true,
    firstName: true,
    lastName: true,
    dateOfBirth: true,
    phone: true,
    email: true,
    notes: true,
    createdAt: true,
    updatedAt: true,
    user: { select: { email: true } },
    _count: { select: { appointments: { where: upcomingAppointmentsWhere() } } },
  } as const;
}

interface PatientRecordRow {
  id: string;
  medicalRecordNumber: string;
  firstName: string;
  lastName: string;
  dateOfBirth: Date;
  phone: string | null;
  email: string | null;
  notes: string | null;
  createdAt: Date;
  updatedAt: Date;
  user: { email: string } | null;
  _count: { appointments: number };
}

export function toPatientRecord(row: PatientRecordRow): PatientRecord {
  return {
    id: row.id,
    medicalRecordNumber: row.medicalRecordNumber,
    firstName: row.firstName,
    lastName: row.lastName,
    dateOfBirth: toIsoDate(row.dateOfBirth),
    phone: row.phone,
    email: row.email,
    notes: row.notes,
    accountEmail: row.user?.email ?? null,
    upcomingAppointments: row._count.appointments,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
