import Link from "next/link";
import { ErrorNote } from "@/app/_components/error-note";
import { orValidationProblem } from "@/app/_lib/validation-problem";
import { requirePageUser } from "@/server/http/page-guard";
import { listAuditEvents, PATIENT_AUDIT_ACTIONS } from "@/server/patients/audit-log";
import { getRuntime } from "@/server/runtime";

export const dynamic = "force-dynamic";

type Filters = { patientId?: string; action?: string; before?: string };

const timeFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "medium", timeZone: "UTC" });

/** "fields: phone, email" or "kind: name, count: 3": details hold names and counts only. */
function describeDetails(details: unknown): string {
  if (typeof details !== "object" || details === null) return "";
  return Object.entries(details)
    .map(([key, value]) => `${key}: ${Array.isArray(value) ? value.join(", ") : String(value)}`)
    .join("; ");
}

function auditHref(filters: Filters): string {
  const query = new URLSearchParams(Object.entries(filters).filter((entry): entry is [string, string] => Boolean(entry[1])));
  return query.size ? `/admin/audit?${query}` : "/admin/audit";
}

export default async function AuditLogPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser(["ADMIN"], "/admin/audit");
  const params = await searchParams;
  const pick = (key: string) => (typeof params[key] === "string" ? params[key] : undefined);
  const filters: Filters = { patientId: pick("patientId")?.trim(), action: pick("action"), before: pick("before") };
  const { value: page, problem } = await orValidationProblem(() => listAuditEvents(getRuntime().db, user, filters));
  return (
    <section className="card" aria-labelledby="audit-title">
      <h1 id="audit-title">Audit log</h1>
      <p className="muted">Who searched, viewed, created or changed patient records, newest first. Times are UTC.</p>
      <form method="get" action="/admin/audit" className="filters">
        <div>
          <label htmlFor="audit-patient">Patient record id</label>
          <input id="audit-patient" name="patientId" defaultValue={filters.patientId ?? ""} autoComplete="off" />
        </div>
        <div>
          <label htmlFor="audit-action">Action</label>
          <select id="audit-action" name="action" defaultValue={filters.action ?? ""}>
            <option value="">Any action</option>
            {PATIENT_AUDIT_ACTIONS.map((action) => (
              <option key={action} value={action}>
                {action}
              </option>
            ))}
          </select>
        </div>
        <p>
          <button type="submit">Filter</button> <Link href="/admin/audit">Clear</Link>
        </p>
      </form>
      <ErrorNote message={problem} />
      {page && page.events.length === 0 && <p>No events.</p>}
      {page && page.events.length > 0 && (
        <table data-testid="audit-events">
          <thead>
            <tr>
              <th>Time</th>
              <th>Action</th>
              <th>By</th>
              <th>Patient</th>
              <th>Details</th>
            </tr>
          </thead>
          <tbody>
            {page.events.map((event) => (
              <tr key={event.id}>
                <td>
                  <time dateTime={event.at}>{timeFormat.format(new Date(event.at))}</time>
                </td>
                <td>{event.action}</td>
                <td>
                  {event.actor.displayName} · {event.actor.role.toLowerCase()}
                </td>
                <td>
                  {event.patient ? (
                    <Link href={auditHref({ patientId: event.patient.id, action: filters.action })}>
                      {event.patient.lastName}, {event.patient.firstName} ({event.patient.medicalRecordNumber})
                    </Link>
                  ) : (
                    "—"
                  )}
                </td>
                <td>{describeDetails(event.details)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <nav aria-label="Audit log pages">
        <p>
          {filters.before && <Link href={auditHref({ ...filters, before: undefined })}>Newest</Link>}{" "}
          {page?.nextBefore && <Link href={auditHref({ ...filters, before: page.nextBefore })}>Older</Link>}
        </p>
      </nav>
    </section>
  );
}
