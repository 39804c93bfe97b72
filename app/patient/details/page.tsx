import Link from "next/link";
import { PatientFieldsForm } from "@/app/_components/patient-fields-form";
import { requirePageUser } from "@/server/http/page-guard";
import { findOwnPatientProfile } from "@/server/patients/get-own-profile";
import { getRuntime } from "@/server/runtime";
import { NoLinkedRecord, ProfileDetails } from "../profile-parts";

export const dynamic = "force-dynamic";

export default async function PatientDetailsPage() {
  const user = await requirePageUser(["PATIENT"], "/patient/details");
  const profile = await findOwnPatientProfile(getRuntime().db, user);
  if (!profile) return <NoLinkedRecord title="Your details" />;
  return (
    <>
      <section className="card" aria-labelledby="details-title">
        <h1 id="details-title">Your details</h1>
        <ProfileDetails profile={profile} />
        <p className="muted">To correct your name or date of birth, please contact reception.</p>
      </section>
      <section className="card" aria-labelledby="contact-title">
        <h2 id="contact-title">Contact details</h2>
        <p className="muted">How the clinic reaches you. This does not change the email you sign in with.</p>
        <PatientFieldsForm url="/api/me/patient" fields={["phone", "email"]} values={{ phone: profile.phone, email: profile.email }} idPrefix="contact" submitLabel="Save contact details" ownDetails />
      </section>
      <p>
        <Link href="/patient">Back to your home page</Link>
      </p>
    </>
  );
}
