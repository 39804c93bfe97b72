import Link from "next/link";
import { forbidden, notFound } from "next/navigation";
import { isAppError } from "@/server/errors";
import { requirePageUser } from "@/server/http/page-guard";
import { STAFF_ROLES } from "@/server/roles";
import { getRuntime } from "@/server/runtime";
import { getClinicianSchedule } from "@/server/schedules/get-clinician-schedule";
import { WeeklyHoursSummary } from "../../weekly-hours-summary";
import { AddTimeOffForm } from "./add-time-off-form";
import { ClinicianSettingsForm } from "./clinician-settings-form";
import { TimeOffList } from "./time-off-list";
import { WeeklyPatternEditor } from "./weekly-pattern-editor";

export const dynamic = "force-dynamic";

export default async function ClinicianSchedulePage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(STAFF_ROLES, `/staff/schedules/clinicians/${id}`);
  const schedule = await getClinicianSchedule(getRuntime().db, user, id).catch((error: unknown) => {
    if (isAppError(error) && error.code === "NOT_FOUND") notFound();
    if (isAppError(error) && error.code === "FORBIDDEN") forbidden();
    throw error;
  });
  const { clinician, location, canEdit } = schedule;

  return (
    <>
      <section className="card">
        <p>
          <Link href="/staff/schedules">← All schedules</Link>
        </p>
        <h1>{clinician.displayName}</h1>
        <p className="muted">
          {clinician.departmentName} · {location.name} · times in <strong>{location.timeZone}</strong>
        </p>
      </section>

      <section className="card" aria-labelledby="settings-title">
        <h2 id="settings-title">Room and buffer</h2>
        {canEdit ? (
          <ClinicianSettingsForm key={`${clinician.room}|${clinician.title}|${clinician.bufferMinutes}`} clinician={clinician} />
        ) : (
          <dl className="profile">
            <dt>Room</dt>
            <dd>{clinician.room}</dd>
            <dt>Title</dt>
            <dd>{clinician.title ?? "—"}</dd>
            <dt>Buffer after each appointment</dt>
            <dd>{clinician.bufferMinutes} min</dd>
          </dl>
        )}
      </section>

      <section className="card" aria-labelledby="pattern-title">
        <h2 id="pattern-title">Weekly hours</h2>
        {canEdit ? (
          <WeeklyPatternEditor
            key={JSON.stringify(clinician.weeklyAvailability)}
            clinicianId={clinician.id}
            initial={clinician.weeklyAvailability}
            timeZone={location.timeZone}
          />
        ) : (
          <>
            <p className="muted">Times in {location.timeZone}.</p>
            <WeeklyHoursSummary ranges={clinician.weeklyAvailability} />
          </>
        )}
      </section>

      <section className="card" aria-labelledby="time-off-title">
        <h2 id="time-off-title">Time off</h2>
        <p className="muted">
          From {schedule.timeOffFrom} to {schedule.timeOffTo}, in {location.timeZone}.
        </p>
        <TimeOffList clinicianId={clinician.id} timeOff={clinician.timeOff} timeZone={location.timeZone} canEdit={canEdit} />
        {canEdit && <AddTimeOffForm clinicianId={clinician.id} timeZone={location.timeZone} />}
      </section>
    </>
  );
}
