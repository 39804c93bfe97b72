import type { PatientProfile } from "@/server/patients/get-own-profile";

/** The patient's own record as a definition list; `withContact` adds phone and email. */
export function ProfileDetails({ profile, withContact = false }: { profile: PatientProfile; withContact?: boolean }) {
  return (
    <dl className="profile">
      <dt>Name</dt>
      <dd>
        {profile.firstName} {profile.lastName}
      </dd>
      <dt>Date of birth</dt>
      <dd>{profile.dateOfBirth}</dd>
      <dt>Medical record number</dt>
      <dd>{profile.medicalRecordNumber}</dd>
      {withContact && (
        <>
          <dt>Phone</dt>
          <dd>{profile.phone ?? "—"}</dd>
          <dt>Email</dt>
          <dd>{profile.email ?? "—"}</dd>
        </>
      )}
    </dl>
  );
}

/** A patient account that reception has not linked to a record yet. */
export function NoLinkedRecord({ title }: { title: string }) {
  return (
    <section className="card">
      <h1>{title}</h1>
      <p role="alert">No patient record is linked to your account yet. Please contact reception.</p>
    </section>
  );
}
