import type { EditableField } from "@/server/patients/apply-patient-changes";

const SPECS: Record<EditableField, { label: string; type: string; autoComplete?: string; optional?: boolean }> = {
  firstName: { label: "First name", type: "text" },
  lastName: { label: "Last name", type: "text" },
  dateOfBirth: { label: "Date of birth", type: "date" },
  phone: { label: "Phone", type: "tel", autoComplete: "tel", optional: true },
  email: { label: "Email", type: "email", autoComplete: "email", optional: true },
  notes: { label: "Notes (staff only, up to 2000 characters)", type: "textarea", optional: true },
};

export type PatientFieldValues = Partial<Record<EditableField, string | null>>;

/** Labelled inputs for patient record fields, each with its problem from the server beneath it. */
export function PatientFieldInputs({
  fields,
  values = {},
  problems,
  idPrefix,
  ownDetails = false,
}: {
  fields: readonly EditableField[];
  values?: PatientFieldValues;
  problems: Record<string, string>;
  idPrefix: string;
  /** The patient's own details may be autofilled; a record staff type in for someone else may not. */
  ownDetails?: boolean;
}) {
  return fields.map((name) => {
    const spec = SPECS[name];
    const id = `${idPrefix}-${name}`;
    const problem = problems[name];
    const common = {
      id,
      name,
      defaultValue: values[name] ?? "",
      "aria-invalid": Boolean(problem),
      "aria-describedby": problem ? `${id}-problem` : undefined,
    };
    return (
      <div key={name}>
        <label htmlFor={id}>
          {spec.label}
          {spec.optional && name !== "notes" ? " (optional)" : ""}
        </label>
        {spec.type === "textarea" ? (
          <textarea {...common} rows={4} maxLength={2000} />
        ) : (
          <input {...common} type={spec.type} autoComplete={ownDetails ? spec.autoComplete : "off"} />
        )}
        {problem && (
          <p className="error" id={`${id}-problem`}>
            {spec.label.replace(/ \(.*\)$/, "")} {problem}
          </p>
        )}
      </div>
    );
  });
}

/** The form's values for these fields: trimmed, with an empty optional field sent as null (cleared). */
export function readPatientFields(form: HTMLFormElement, fields: readonly EditableField[]): Record<string, string | null> {
  const data = new FormData(form);
  return Object.fromEntries(
    fields.map((name) => {
      const value = String(data.get(name) ?? "").trim();
      return [name, value === "" && SPECS[name].optional ? null : value];
    }),
  );
}
