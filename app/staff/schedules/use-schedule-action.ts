"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/app/_lib/send-json";

/**
 * One change to a schedule from a small form: sends it, keeps the error and the problems by
 * field for the form to show, and on success re-reads the page (the server renders the saved state).
 */
export function useScheduleAction() {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [problems, setProblems] = useState<Record<string, string>>({});

  async function run(url: string, method: "POST" | "PUT" | "PATCH" | "DELETE", body: unknown = {}): Promise<{ ok: true; body: unknown } | { ok: false }> {
    setBusy(true);
    setError(null);
    setProblems({});
    const answer = await sendJson(url, method, body);
    setBusy(false);
    if (!answer.ok) {
      setError(answer.failure.message);
      setProblems(answer.failure.problems);
      return { ok: false };
    }
    router.refresh();
    return { ok: true, body: answer.body };
  }

  return { busy, error, problems, run };
}

/** A whole number from a number input, or the text itself so the server names the problem. */
export function numberField(form: FormData, name: string): number | string {
  const raw = String(form.get(name) ?? "").trim();
  return raw !== "" && Number.isFinite(Number(raw)) ? Number(raw) : raw;
}
