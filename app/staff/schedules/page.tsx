import Link from "next/link";
import { notFound } from "next/navigation";
import { isAppError } from "@/server/errors";
import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import { getRuntime } from "@/server/runtime";
import { getScheduleOverview } from "@/server/schedules/get-schedule-overview";
import { AppointmentTypesTable } from "./appointment-types-table";
import { PolicyForm } from "./policy-form";
import { PolicySummary } from "./policy-summary";
import { WeeklyHoursSummary } from "./weekly-hours-summary";

export const dynamic = "force-dynamic";

export default async function SchedulesPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePageUser(STAFF_ROLES, "/staff/schedules");
  const { locationId } = await searchParams;
  const overview = await getScheduleOverview(getRuntime().db, user, { locationId: typeof locationId === "string" ? locationId : undefined }).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!overview) {
    if (locationId) notFound();
    return (
      <section className="card">
        <h1>Schedules</h1>
        <p>No location is set up yet.</p>
      </section>
    );
  }
  const { location, access } = overview;

  return (
    <>
      <section className="card">
        <h1>Schedules · {location.name}</h1>
        <p className="muted">
          All times are in the clinic&apos;s time zone, <strong>{location.timeZone}</strong>.{!access.canEdit && " You can see your own schedule here; reception and admins change it."}
        </p>
        {overview.locations.length > 1 && (
          <nav aria-label="Locations">
            {overview.locations.map((l) =>
              l.id === location.id ? (
                <strong key={l.id}>{l.name} </strong>
              ) : (
                <Link key={l.id} href={`/staff/schedules?locationId=${l.id}`}>
                  {l.name}{" "}
                </Link>
              ),
            )}
          </nav>
        )}
      </section>

      <section className="card" aria-labelledby="clinicians-title">
        <h2 id="clinicians-title">{access.canEdit ? "Clinicians" : "Your schedule"}</h2>
        {overview.clinicians.length === 0 ? (
          <p className="muted">No clinicians here.</p>
        ) : (
          <table data-testid="clinicians">
            <thead>
              <tr>
                <th>Clinician</th>
                <th>Room</th>
                <th>Weekly hours ({location.timeZone})</th>
                <th>Upcoming time off</th>
              </tr>
            </thead>
            <tbody>
              {overview.clinicians.map((c) => {
                const affected = c.timeOff.reduce((n, t) => n + t.affectedAppointments.length, 0);
                return (
                  <tr key={c.id}>
                    <td>
                      <Link href={`/staff/schedules/clinicians/${c.id}`}>{c.displayName}</Link>
                      <div className="muted">
                        {c.departmentName}
                        {c.title && ` · ${c.title}`}
                      </div>
                    </td>
                    <td>
                      {c.room}
                      {c.bufferMinutes > 0 && <div className="muted">{c.bufferMinutes} min buffer</div>}
                    </td>
                    <td>
                      <WeeklyHoursSummary ranges={c.weeklyAvailability} />
                    </td>
                    <td>
                      {c.timeOff.length === 0 ? <span className="muted">none</span> : `${c.timeOff.length} period${c.timeOff.length === 1 ? "" : "s"}`}
                      {affected > 0 && <div className="error">{affected} booked appointment{affected === 1 ? "" : "s"} to move</div>}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>

      <AppointmentTypesTable types={overview.appointmentTypes} departments={overview.departments} canEdit={access.canEdit} />

      <section className="card" aria-labelledby="policy-title">
        <h2 id="policy-title">Booking policy</h2>
        {access.canEditPolicy ? <PolicyForm key={JSON.stringify(overview.policy)} policy={overview.policy} /> : <PolicySummary policy={overview.policy} />}
      </section>
    </>
  );
}
