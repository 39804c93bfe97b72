import { NextResponse } from "next/server";
import { registerPatient } from "@/server/auth/register-patient";
import { readJson, route } from "@/server/http/route";

/** Patient self-registration. Public, limited per client IP; creates the account and the patient record together. */
export const POST = route({ public: true }, async ({ req, runtime, clientIp }) => {
  await runtime.registrationLimiter.admit(clientIp);
  const user = await registerPatient(runtime.db, await readJson(req));
  return NextResponse.json({ data: { user } }, { status: 201 });
});
