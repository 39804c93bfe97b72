import Link from "next/link";
import { requirePageUser } from "@/server/http/page-guard";
import { findOwnPatientProfile } from "@/server/patients/get-own-profile";
import { getRuntime } from "@/server/runtime";
import { NoLinkedRecord, ProfileDetails } from "./profile-parts";

export const dynamic = "force-dynamic";

export default async function PatientHomePage() {
  const user = await requirePageUser(["PATIENT"], "/patient");
  const profile = await findOwnPatientProfile(getRuntime().db, user);
  if (!profile) return <NoLinkedRecord title={`Hello, ${user.displayName}`} />;
  return (
    <>
      <section className="card">
        <h1>Hello, {profile.firstName}</h1>
        <p className="muted">Your Clinicflow patient account.</p>
        <p>
          <Link href="/book">Book an appointment</Link> · <Link href="/patient/appointments">My appointments</Link>
        </p>
      </section>
      <section className="card" aria-labelledby="details-title">
        <h2 id="details-title">Your details</h2>
        <ProfileDetails profile={profile} withContact />
        <p>
          <Link href="/patient/details">Update your phone or email</Link>
        </p>
      </section>
    </>
  );
}
