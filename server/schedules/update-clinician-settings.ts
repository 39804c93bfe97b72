import { z } from "zod";
import type { Db } from "../db/client.ts";
import { validationError } from "../errors.ts";
import type { Realtime } from "../gateway/realtime.ts";
import type { SessionUser } from "../roles.ts";
import { clinicianViewSelect, toClinicianView, type ClinicianView } from "./clinician-view.ts";
import { findClinician, lockClinician } from "./find-clinician.ts";
import { notifyScheduleChange } from "./notify-schedule-change.ts";
import { assertCanEditSchedules } from "./schedule-access.ts";

export const MAX_BUFFER_MINUTES = 120;

export const updateClinicianSettingsSchema = z
  .object({
    bufferMinutes: z
      .number()
      .int("must be a whole number")
      .min(0, `must be 0 to ${MAX_BUFFER_MINUTES}`)
      .max(MAX_BUFFER_MINUTES, `must be 0 to ${MAX_BUFFER_MINUTES}`)
      .optional(),
    room: z.string().trim().min(1, "is required").max(50, "must be at most 50 characters").optional(),
    /** An empty title clears it. */
    title: z
      .string()
      .trim()
      .max(100, "must be at most 100 characters")
      .nullish()
      .transform((v) => (v === "" ? null : v)),
  })
  .refine((v) => v.bufferMinutes !== undefined || v.room !== undefined || v.title !== undefined, {
    message: "must name at least one of bufferMinutes, room, title",
  });

/**
 * Changes a clinician's buffer, room or title. A new buffer applies to appointments booked
 * from now on (each appointment keeps the blockedUntil it was booked with).
 */
export async function updateClinicianSettings(db: Db, realtime: Realtime, user: SessionUser, clinicianId: string, input: unknown): Promise<ClinicianView> {
  assertCanEditSchedules(user);
  await findClinician(db, clinicianId);
  const parsed = updateClinicianSettingsSchema.safeParse(input);
  if (!parsed.success) throw validationError(parsed.error);

  const { clinician, before, after } = await db.$transaction(async (tx) => {
    const clinician = await lockClinician(tx, clinicianId);
    const before = await tx.clinician.findUniqueOrThrow({ where: { id: clinicianId }, select: { bufferMinutes: true } });
    const after = await tx.clinician.update({ where: { id: clinicianId }, data: parsed.data, select: clinicianViewSelect });
    return { clinician, before, after };
  });
  if (after.bufferMinutes !== before.bufferMinutes) notifyScheduleChange(realtime, [clinician]);
  return toClinicianView(after);
}
