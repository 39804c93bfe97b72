import { isAppError } from "@/server/errors";
import { requirePageUser } from "@/server/http/page-guard";
import { getOwnPatientProfile } from "@/server/patients/get-own-profile";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export default async function PatientHomePage() {
  const user = await requirePageUser(["PATIENT"], "/patient");
  const profile = await getOwnPatientProfile(getRuntime().db, user).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!profile) {
    return (
      <section className="card">
        <h1>Hello, {user.displayName}</h1>
        <p role="alert">No patient record is linked to your account yet. Please contact reception.</p>
      </section>
    );
  }
  return (
    <>
      <section className="card">
        <h1>Hello, {profile.firstName}</h1>
        <p className="muted">Your Clinicflow patient account.</p>
      </section>
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">Your details</h2>
        <dl className="profile">
          <dt>Name</dt>
          <dd>
            {profile.firstName} {profile.lastName}
          </dd>
          <dt>Date of birth</dt>
          <dd>{profile.dateOfBirth}</dd>
          <dt>Medical record number</dt>
          <dd>{profile.medicalRecordNumber}</dd>
          <dt>Phone</dt>
          <dd>{profile.phone ?? "—"}</dd>
          <dt>Email</dt>
          <dd>{profile.email ?? "—"}</dd>
        </dl>
      </section>
    </>
  );
}
