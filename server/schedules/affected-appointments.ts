import type { Prisma } from "../db/generated/client.ts";
import type { AffectedAppointmentView } from "./time-off-schemas.ts";

export interface BookedAppointment extends AffectedAppointmentView {
  clinicianId: string;
}

/** BOOKED appointments of these clinicians that overlap [from, to), earliest first. */
export async function findBookedAppointmentsDuring(db: Prisma.TransactionClient, clinicianIds: string[], from: Date, to: Date): Promise<BookedAppointment[]> {
  if (clinicianIds.length === 0) return [];
  const rows = await db.appointment.findMany({
    where: { clinicianId: { in: clinicianIds }, status: "BOOKED", startsAt: { lt: to }, endsAt: { gt: from } },
    select: {
      id: true,
      clinicianId: true,
      startsAt: true,
      endsAt: true,
      patient: { select: { firstName: true, lastName: true } },
      appointmentType: { select: { name: true } },
    },
    orderBy: { startsAt: "asc" },
  });
  return rows.map((r) => ({
    id: r.id,
    clinicianId: r.clinicianId,
    startsAt: r.startsAt.toISOString(),
    endsAt: r.endsAt.toISOString(),
    patientName: `${r.patient.firstName} ${r.patient.lastName}`,
    appointmentTypeName: r.appointmentType.name,
  }));
}

/** The appointments among `booked` that fall inside one clinician's time off. */
export function affectedBy(period: { clinicianId: string; startsAt: Date; endsAt: Date }, booked: BookedAppointment[]): AffectedAppointmentView[] {
  const from = period.startsAt.toISOString();
  const to = period.endsAt.toISOString();
  return booked
    .filter((a) => a.clinicianId === period.clinicianId && a.startsAt < to && a.endsAt > from)
    .map(({ clinicianId: _clinicianId, ...view }) => view);
}
