import { z } from "zod";

const errorEnvelope = z.object({
  error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }),
});
const fieldProblemList = z.array(z.object({ field: z.string(), problem: z.string() }));

export interface ApiFailure {
  code: string;
  message: string;
  details: unknown;
  /** Field name → problem, from a VALIDATION_FAILED (or FORBIDDEN) answer's details. */
  problems: Record<string, string>;
}

export type ApiAnswer = { ok: true; status: number; body: unknown } | { ok: false; status: number; failure: ApiFailure };

/** Sends a JSON body to one of our route handlers and reads the `{ data } | { error }` envelope. */
export async function sendJson(url: string, method: "POST" | "PUT" | "PATCH" | "DELETE", body: unknown): Promise<ApiAnswer> {
  let res: Response;
  try {
    res = await fetch(url, { method, headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, failure: { code: "OFFLINE", message: "Could not reach Clinicflow. Check your connection and try again.", details: undefined, problems: {} } };
  }
  const payload: unknown = await res.json().catch(() => null);
  if (res.ok) return { ok: true, status: res.status, body: payload };
  const parsed = errorEnvelope.safeParse(payload);
  if (!parsed.success) return { ok: false, status: res.status, failure: { code: "INTERNAL", message: "Something went wrong. Please try again.", details: undefined, problems: {} } };
  const { code, message, details } = parsed.data.error;
  const list = fieldProblemList.safeParse(details);
  const problems = list.success ? Object.fromEntries(list.data.map((p) => [p.field, p.problem])) : {};
  return { ok: false, status: res.status, failure: { code, message, details, problems } };
}
