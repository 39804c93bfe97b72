"use client";

import { signIn } from "next-auth/react";
import { useRouter } from "next/navigation";
import { FormFooter } from "@/app/_components/form-footer";
import { useState, type FormEvent } from "react";

type Problems = Record<string, string>;

const FIELDS = [
  { name: "firstName", label: "First name", type: "text", autoComplete: "given-name" },
  { name: "lastName", label: "Last name", type: "text", autoComplete: "family-name" },
  { name: "dateOfBirth", label: "Date of birth", type: "date", autoComplete: "bday" },
  { name: "phone", label: "Phone (optional)", type: "tel", autoComplete: "tel" },
  { name: "email", label: "Email", type: "email", autoComplete: "email" },
  { name: "password", label: "Password (at least 10 characters)", type: "password", autoComplete: "new-password" },
] as const;

export function RegisterForm() {
  const router = useRouter();
  const [problems, setProblems] = useState<Problems>({});
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const body: Record<string, string> = {};
    for (const f of FIELDS) {
      const value = String(form.get(f.name) ?? "").trim();
      if (value || f.name !== "phone") body[f.name] = value;
    }
    setBusy(true);
    setError(null);
    setProblems({});
    const res = await fetch("/api/patients/register", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (res.status === 201) {
      await signIn("credentials", { email: body.email, password: body.password, redirect: false });
      router.replace("/patient");
      router.refresh();
      return;
    }
    const payload = (await res.json().catch(() => null)) as { error?: { message?: string; details?: { field: string; problem: string }[] } } | null;
    const details = Array.isArray(payload?.error?.details) ? payload.error.details : [];
    setProblems(Object.fromEntries(details.map((d) => [d.field, d.problem])));
    setError(payload?.error?.message ?? "Registration failed. Please try again.");
    setBusy(false);
  }

  return (
    <form onSubmit={onSubmit} noValidate>
      {FIELDS.map((f) => (
        <div key={f.name}>
          <label htmlFor={f.name}>{f.label}</label>
          <input id={f.name} name={f.name} type={f.type} autoComplete={f.autoComplete} aria-invalid={Boolean(problems[f.name])} />
          {problems[f.name] && <p className="error">{`${f.label.replace(/ \(.*\)$/, "")} ${problems[f.name]}`}</p>}
        </div>
      ))}
      <FormFooter error={error} busy={busy} label="Create account" busyLabel="Creating account…" />
    </form>
  );
}
