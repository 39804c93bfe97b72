import Link from "next/link";
import { notFound } from "next/navigation";
import { PatientFieldsForm } from "@/app/_components/patient-fields-form";
import { isAppError } from "@/server/errors";
import { requirePageUser } from "@/server/http/page-guard";
import { getPatientForStaff } from "@/server/patients/get-patient";
import { editableFieldsFor } from "@/server/patients/update-patient";
import { STAFF_ROLES } from "@/server/roles";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

export default async function PatientRecordPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(STAFF_ROLES, `/staff/patients/${id}`);
  const patient = await getPatientForStaff(getRuntime().db, user, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    throw error;
  });
  const editable = editableFieldsFor(user);
  return (
    <>
      <section className="card" aria-labelledby="record-title">
        <h1 id="record-title">
          {patient.firstName} {patient.lastName}
        </h1>
        <p className="muted" data-testid="audit-notice">
          Every view and change of this record is logged.
          {user.role === "ADMIN" && (
            <>
              {" "}
              <Link href={`/admin/audit?patientId=${patient.id}`}>See the log for this record</Link>
            </>
          )}
        </p>
        <dl className="profile">
          <dt>Medical record number</dt>
          <dd>{patient.medicalRecordNumber}</dd>
          <dt>Date of birth</dt>
          <dd>{patient.dateOfBirth}</dd>
          <dt>Phone</dt>
          <dd>{patient.phone ?? "—"}</dd>
          <dt>Email</dt>
          <dd>{patient.email ?? "—"}</dd>
          <dt>Patient account</dt>
          <dd>{patient.accountEmail ?? "none (walk-in)"}</dd>
          <dt>Upcoming appointments</dt>
          <dd>{patient.upcomingAppointments}</dd>
          <dt>Notes</dt>
          <dd style={{ whiteSpace: "pre-wrap" }}>{patient.notes ?? "—"}</dd>
        </dl>
      </section>
      <section className="card" aria-labelledby="edit-title">
        <h2 id="edit-title">{editable.length === 1 ? "Edit notes" : "Edit record"}</h2>
        <PatientFieldsForm
          url={`/api/patients/${patient.id}`}
          fields={editable}
          values={Object.fromEntries(editable.map((field) => [field, patient[field]]))}
          idPrefix="record"
          submitLabel="Save changes"
        />
      </section>
    </>
  );
}
