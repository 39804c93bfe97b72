import { z } from "zod";
import type { Db } from "../db/client.ts";
import { validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import { appointmentTypeSelect, toAppointmentTypeView, type AppointmentTypeView } from "./appointment-type-schemas.ts";
import { isRecordId } from "./record-id.ts";
import { assertCanReadSchedules } from "./schedule-access.ts";

const id = z.string().refine(isRecordId, "must be an id");

export const listAppointmentTypesSchema = z.object({
  departmentId: id.optional(),
  locationId: id.optional(),
  includeArchived: z.boolean().default(true),
});

/** Appointment types by department and name; archived ones are included (flagged) unless asked not to. */
export async function listAppointmentTypes(db: Db, user: SessionUser, filter: z.input<typeof listAppointmentTypesSchema> = {}): Promise<AppointmentTypeView[]> {
  assertCanReadSchedules(user);
  const parsed = listAppointmentTypesSchema.safeParse(filter);
  if (!parsed.success) throw validationError(parsed.error);
  const { departmentId, locationId, includeArchived } = parsed.data;
  const rows = await db.appointmentType.findMany({
    where: {
      ...(departmentId ? { departmentId } : {}),
      ...(locationId ? { department: { locationId } } : {}),
      ...(includeArchived ? {} : { archivedAt: null }),
    },
    select: appointmentTypeSelect,
    orderBy: [{ department: { name: "asc" } }, { name: "asc" }],
  });
  return rows.map(toAppointmentTypeView);
}
