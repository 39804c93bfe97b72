import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { getPatient } from "@/server/patients/get-patient";
import { updatePatient } from "@/server/patients/update-patient";
import { ROLES, STAFF_ROLES } from "@/server/roles";

/** One record. Staff: all of it (audited). A patient: their own only; any other id answers 404. */
export const GET = route({ roles: ROLES }, async ({ runtime, user, params }) => {
  const patient = await getPatient(runtime.db, user, params.id);
  return NextResponse.json({ data: { patient } });
});

/** Partial edit by staff: reception and admins any field, clinicians the notes only. Audited. */
export const PATCH = route({ roles: STAFF_ROLES }, async ({ req, runtime, user, params }) => {
  const patient = await updatePatient(runtime.db, user, params.id, await readJson(req));
  return NextResponse.json({ data: { patient } });
});
