import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDb } from "../server/db/client.ts";
import { createDatabaseIfMissing } from "../server/db/embedded.ts";
import { startAppProcess, type AppProcess } from "../tests/helpers/app-process.ts";
import { createBookableClinic } from "../tests/helpers/booking-fixtures.ts";
import { createUser } from "../tests/helpers/factories.ts";
import { dropDatabase, startTestInfrastructure, withDatabase, type TestInfrastructure } from "../tests/setup/infrastructure.ts";

const PROJECT_DIR = path.resolve(import.meta.dirname, "..");

/** The receptionist every browser test signs in as. */
export const E2E_RECEPTIONIST_DISPLAY_NAME = "Rosa Reception";

/**
 * Starts real PostgreSQL and Redis, a per-run database copied from the migrated template, and
 * one real Clinicflow instance on the built app. Tests reach it through `E2E_BASE_URL` and sign
 * in with the account passed in `E2E_RECEPTIONIST_*`, or as one of the clinic's clinicians with
 * `E2E_CLINICIAN_*` (two staff members at once); booking journeys use the bookable clinic
 * passed in `E2E_CLINIC_*` and its two patients in `E2E_PATIENT_1_*` and `E2E_PATIENT_2_*`;
 * its location's waiting-room display key is `E2E_DISPLAY_KEY`. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(path.join(PROJECT_DIR, ".next", "BUILD_ID"))) {
    throw new Error("The app is not built (.next/BUILD_ID is missing): run `NEXT_TELEMETRY_DISABLED=1 npx next build` (or `npm run build`) before `npx playwright test`.");
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-e2e-"));
  // PostgreSQL runs as its own system user when the suite runs as root: it must reach the folder.
  await chmod(dir, 0o755);

  const cleanups: (() => Promise<unknown>)[] = [() => rm(dir, { recursive: true, force: true })];
  const teardown = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup().catch((error: unknown) => console.error("e2e teardown:", error));
    cleanups.length = 0;
  };

  try {
    const infra: TestInfrastructure = await startTestInfrastructure(dir);
    cleanups.push(() => infra.stop());

    const database = `clinicflow_e2e_${process.pid}`;
    await createDatabaseIfMissing(infra.databaseAdminUrl, database, infra.templateDatabase);
    // Matters with TEST_DATABASE_URL (a server that outlives the run); harmless otherwise.
    cleanups.push(() => dropDatabase(infra.databaseAdminUrl, database));
    const databaseUrl = withDatabase(infra.databaseAdminUrl, database);

    const db = createDb(databaseUrl, { poolMax: 2 });
    cleanups.push(() => db.$disconnect());
    const receptionist = await createUser(db, "RECEPTIONIST", { displayName: E2E_RECEPTIONIST_DISPLAY_NAME });
    // Booking journeys: clinicians free every day 08:00–17:00, and two patients to book.
    const clinic = await createBookableClinic(db, { patients: 2 });
    const department = await db.department.findUniqueOrThrow({ where: { id: clinic.departmentId }, select: { name: true } });
    const patientRecords = await db.patient.findMany({ where: { id: { in: clinic.patients.map((p) => p.patientId) } }, select: { id: true, lastName: true } });
    // The clinic's waiting-room display, as the demo seed gives its location one.
    const displayKey = randomBytes(16).toString("hex");
    await db.location.update({ where: { id: clinic.locationId }, data: { displayKey } });

    const app: AppProcess = await startAppProcess({ databaseUrl, redisUrl: infra.redisUrl, startTimeoutMs: 60_000 });
    let stopping = false;
    // A crash mid-run would otherwise only show up as refused connections in the tests.
    app.child.once("exit", (code, signal) => {
      if (!stopping) console.error(`e2e: the app exited unexpectedly (code ${code}, signal ${signal}):\n${app.logs.slice(-60).join("\n")}`);
    });
    cleanups.push(async () => {
      stopping = true;
      const code = await app.stop();
      if (code !== 0) console.error(`e2e teardown: the app exited with ${code} on SIGTERM:\n${app.logs.slice(-40).join("\n")}`);
    });

    // Without PUBLIC_URL the app's redirects (sign-out) follow the Host the browser used.
    process.env.E2E_BASE_URL = app.url;
    process.env.E2E_RECEPTIONIST_EMAIL = receptionist.email;
    process.env.E2E_RECEPTIONIST_PASSWORD = receptionist.password;
    process.env.E2E_RECEPTIONIST_DISPLAY_NAME = receptionist.displayName;
    process.env.E2E_CLINIC_TIME_ZONE = clinic.timeZone;
    process.env.E2E_CLINIC_DEPARTMENT_NAME = department.name;
    process.env.E2E_CLINIC_ONLINE_TYPE_ID = clinic.onlineType.id;
    process.env.E2E_CLINIC_CLINICIAN_NAMES = clinic.clinicians.map((c) => c.user.displayName).join("|");
    const [clinician] = clinic.clinicians;
    if (clinician) {
      process.env.E2E_CLINICIAN_EMAIL = clinician.user.email;
      process.env.E2E_CLINICIAN_PASSWORD = clinician.user.password;
      process.env.E2E_CLINICIAN_DISPLAY_NAME = clinician.user.displayName;
    }
    process.env.E2E_DISPLAY_KEY = displayKey;
    clinic.patients.forEach((patient, i) => {
      const prefix = `E2E_PATIENT_${i + 1}_`;
      process.env[`${prefix}EMAIL`] = patient.email;
      process.env[`${prefix}PASSWORD`] = patient.password;
      process.env[`${prefix}DISPLAY_NAME`] = patient.displayName;
      process.env[`${prefix}ID`] = patient.patientId;
      process.env[`${prefix}LAST_NAME`] = patientRecords.find((r) => r.id === patient.patientId)?.lastName ?? "";
    });
  } catch (error) {
    await teardown();
    throw error;
  }

  return teardown;
}
