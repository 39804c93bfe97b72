import type { Db } from "../db/client.ts";
import { isUniqueViolation, validationError } from "../errors.ts";
import type { SessionUser } from "../roles.ts";
import {
  appointmentTypeNameTaken,
  appointmentTypeSelect,
  assertAppointmentTypeNameFree,
  createAppointmentTypeSchema,
  toAppointmentTypeView,
  type AppointmentTypeView,
} from "./appointment-type-schemas.ts";
import { assertRecordId, notFound } from "./record-id.ts";
import { assertCanEditSchedules } from "./schedule-access.ts";

/** A new appointment type in a department. It adds a choice; existing slots do not change, so nobody is notified. */
export async function createAppointmentType(db: Db, user: SessionUser, input: unknown): Promise<AppointmentTypeView> {
  assertCanEditSchedules(user);
  const parsed = createAppointmentTypeSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);
  const { departmentId, ...data } = parsed.data;
  assertRecordId(departmentId, "department", "departmentId");

  try {
    return await db.$transaction(async (tx) => {
      const department = await tx.department.findUnique({ where: { id: departmentId }, select: { id: true } });
      if (!department) throw notFound("department", "departmentId");
      await assertAppointmentTypeNameFree(tx, departmentId, data.name);
      return toAppointmentTypeView(await tx.appointmentType.create({ data: { departmentId, ...data }, select: appointmentTypeSelect }));
    });
  } catch (error) {
    // Two creations racing for one name: the unique index decides.
    if (isUniqueViolation(error)) throw appointmentTypeNameTaken();
    throw error;
  }
}
