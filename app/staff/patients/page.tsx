import Link from "next/link";
import { ErrorNote } from "@/app/_components/error-note";
import { orValidationProblem } from "@/app/_lib/validation-problem";
import { requirePageUser } from "@/server/http/page-guard";
import { isRecordEditor } from "@/server/patients/patient-access";
import { searchPatients, SEARCH_LIMIT, type PatientSearchResult } from "@/server/patients/search-patients";
import { STAFF_ROLES } from "@/server/roles";
import { getRuntime } from "@/server/runtime";
import { NewPatientForm } from "./new-patient-form";

export const dynamic = "force-dynamic";

export default async function PatientSearchPage({ searchParams }: { searchParams: Promise<{ q?: string | string[] }> }) {
  const user = await requirePageUser(STAFF_ROLES, "/staff/patients");
  const { q } = await searchParams;
  const query = typeof q === "string" ? q.trim() : "";
  const { value: result, problem } = query ? await orValidationProblem(() => searchPatients(getRuntime().db, user, { q: query })) : { value: null, problem: null };
  return (
    <>
      <section className="card" aria-labelledby="search-title">
        <h1 id="search-title">Patients</h1>
        <form method="get" action="/staff/patients" role="search">
          <label htmlFor="patient-query">Search by name, medical record number, date of birth (YYYY-MM-DD) or phone</label>
          <input id="patient-query" name="q" type="search" defaultValue={query} minLength={2} maxLength={100} autoComplete="off" />
          <p>
            <button type="submit">Search</button>
          </p>
        </form>
        <ErrorNote message={problem} />
        {result && <SearchResults result={result} />}
      </section>
      {isRecordEditor(user.role) && (
        <section className="card" aria-labelledby="new-patient-title">
          <h2 id="new-patient-title">New patient</h2>
          <NewPatientForm />
        </section>
      )}
    </>
  );
}

function SearchResults({ result }: { result: PatientSearchResult }) {
  if (result.patients.length === 0) return <p data-testid="search-results">No patients found.</p>;
  return (
    <>
      <table data-testid="search-results">
        <thead>
          <tr>
            <th>Name</th>
            <th>Date of birth</th>
            <th>Medical record number</th>
            <th>Phone</th>
          </tr>
        </thead>
        <tbody>
          {result.patients.map((p) => (
            <tr key={p.id}>
              <td>
                <Link href={`/staff/patients/${p.id}`}>
                  {p.lastName}, {p.firstName}
                </Link>
              </td>
              <td>{p.dateOfBirth}</td>
              <td>{p.medicalRecordNumber}</td>
              <td>{p.phone ?? "—"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result.patients.length === SEARCH_LIMIT && <p className="muted">Showing the first {SEARCH_LIMIT}. Type more to narrow the search.</p>}
    </>
  );
}
