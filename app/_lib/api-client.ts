import { z } from "zod";

/**
 * The browser side of the API envelope, `{ data } | { error: { code, message, details? } }`.
 * Answers are checked with zod, never cast: a reply that does not fit becomes an error the
 * page can show, not a crash further down.
 */
export interface ApiError {
  code: string;
  message: string;
  details?: unknown;
}

export type ApiResult<T> = { ok: true; data: T; response: Response } | { ok: false; status: number; error: ApiError };

const errorEnvelope = z.object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) });

const NETWORK_ERROR: ApiError = { code: "NETWORK", message: "Could not reach Clinicflow. Check your connection and try again." };
const UNEXPECTED_REPLY: ApiError = { code: "INTERNAL", message: "Clinicflow sent an unexpected answer. Please try again." };

/** GET (no body) or POST (with a JSON body) an API path and check the answer's `data` against `schema`. */
export async function callApi<T>(path: string, schema: z.ZodType<T>, body?: unknown): Promise<ApiResult<T>> {
  let response: Response;
  try {
    response = await fetch(path, body === undefined ? { cache: "no-store" } : { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  } catch {
    return { ok: false, status: 0, error: NETWORK_ERROR };
  }
  const payload: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = z.object({ data: schema }).safeParse(payload);
    return parsed.success ? { ok: true, data: parsed.data.data, response } : { ok: false, status: response.status, error: UNEXPECTED_REPLY };
  }
  const failure = errorEnvelope.safeParse(payload);
  return { ok: false, status: response.status, error: failure.success ? failure.data.error : { code: "INTERNAL", message: `Request failed (HTTP ${response.status}). Please try again.` } };
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  return search.toString();
}
