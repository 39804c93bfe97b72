import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { createPatient } from "@/server/patients/create-patient";
import { RECORD_EDITORS } from "@/server/patients/patient-access";
import { searchPatients } from "@/server/patients/search-patients";
import { STAFF_ROLES } from "@/server/roles";

/** Find patients by name, MRN, date of birth or phone (`?q=`). Staff only; every search is audited. */
export const GET = route({ roles: STAFF_ROLES }, async ({ req, runtime, user }) => {
  const result = await searchPatients(runtime.db, user, { q: req.nextUrl.searchParams.get("q") ?? undefined });
  return NextResponse.json({ data: result });
});

/** Register a patient record (walk-ins included). Admin and reception; 409 lists possible duplicates. */
export const POST = route({ roles: RECORD_EDITORS }, async ({ req, runtime, user }) => {
  const patient = await createPatient(runtime.db, user, await readJson(req));
  return NextResponse.json({ data: { patient } }, { status: 201 });
});
