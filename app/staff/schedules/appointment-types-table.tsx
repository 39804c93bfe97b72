import type { AppointmentTypeView } from "@/server/schedules/appointment-type-schemas";
import { AppointmentTypeRow } from "./appointment-type-row";
import { NewAppointmentTypeForm } from "./new-appointment-type-form";

/** The location's appointment types; admins and reception edit them in place. */
export function AppointmentTypesTable({ types, departments, canEdit }: { types: AppointmentTypeView[]; departments: { id: string; name: string }[]; canEdit: boolean }) {
  return (
    <section className="card" aria-labelledby="types-title">
      <h2 id="types-title">Appointment types</h2>
      {types.length === 0 ? (
        <p className="muted">No appointment types yet.</p>
      ) : (
        <table data-testid="appointment-types">
          <thead>
            <tr>
              <th>Name</th>
              <th>Department</th>
              <th>Duration</th>
              <th>Bookable online</th>
              {canEdit && <th>Actions</th>}
            </tr>
          </thead>
          <tbody>
            {types.map((type) =>
              canEdit ? (
                <AppointmentTypeRow key={`${type.id}-${type.name}-${type.durationMinutes}`} type={type} />
              ) : (
                <tr key={type.id} data-archived={type.archived}>
                  <td>
                    {type.name}
                    {type.archived && <span className="muted"> (archived)</span>}
                  </td>
                  <td>{type.departmentName}</td>
                  <td>{type.durationMinutes} min</td>
                  <td>{type.bookableOnline ? "yes" : "no"}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {canEdit && departments.length > 0 && <NewAppointmentTypeForm departments={departments} />}
    </section>
  );
}
