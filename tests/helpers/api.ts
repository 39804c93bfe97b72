/** What a Clinicflow route answered: the status and the `{ data } | { error }` envelope. */
export interface ApiAnswer<T> {
  status: number;
  json: { data?: T; error?: { code: string; message: string; details?: unknown } };
}

/** Calls a running app's API as the holder of `cookie` (null: anonymous); a body is sent as JSON. */
export async function callApi<T = Record<string, unknown>>(baseUrl: string, method: string, path: string, cookie: string | null, body?: unknown): Promise<ApiAnswer<T>> {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...(cookie ? { cookie } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: (await res.json().catch(() => ({}))) as ApiAnswer<T>["json"] };
}
