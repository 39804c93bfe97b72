import { NextResponse } from "next/server";
import { readJson, route } from "@/server/http/route";
import { getOwnPatientProfile } from "@/server/patients/get-own-profile";
import { updateOwnContact } from "@/server/patients/update-own-contact";

/** The signed-in patient's own record. */
export const GET = route({ roles: ["PATIENT"] }, async ({ runtime, user }) =>
  NextResponse.json({ data: { patient: await getOwnPatientProfile(runtime.db, user) } }),
);

/** The patient changes their own phone and email (on the record; the sign-in email stays). Audited. */
export const PATCH = route({ roles: ["PATIENT"] }, async ({ req, runtime, user }) => {
  const patient = await updateOwnContact(runtime.db, user, await readJson(req));
  return NextResponse.json({ data: { patient } });
});
