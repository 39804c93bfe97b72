import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { Role } from "../../server/roles.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { createUsersForEveryRole, type TestUser } from "../helpers/factories.ts";
import { signInEach, signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";

/** The real app (built Next.js + custom server) in a child process, against real PostgreSQL and Redis. */
let t: TestDatabase;
let app: AppProcess;
let users: Record<Role, TestUser>;
let cookies: Record<Role, string>;

beforeAll(async () => {
  t = await createTestDatabase("http");
  users = await createUsersForEveryRole(t.db);
  app = await startAppProcess({
    databaseUrl: t.url,
    redisUrl: inject("redisUrl"),
    redisKeyPrefix: uniqueRedisPrefix("http"),
    env: { SIGNIN_MAX_FAILURES_PER_ACCOUNT: "3", SIGNIN_MAX_FAILURES_PER_IP: "50", REGISTRATIONS_PER_IP_PER_HOUR: "4" },
  });
  cookies = await signInEach(app.url, users);
}, 90_000);

afterAll(async () => {
  await app?.stop();
  await t?.drop();
});

describe("sign-in", () => {
  it("issues an httpOnly, SameSite=Lax session cookie for the right password", async () => {
    const csrf = await fetch(`${app.url}/api/auth/csrf`);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${app.url}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrf.headers.getSetCookie().map((c) => c.split(";")[0]).join("; "), "x-auth-return-redirect": "1" },
      body: new URLSearchParams({ csrfToken, email: users.CLINICIAN.email, password: users.CLINICIAN.password, json: "true" }),
    });
    expect(res.status).toBe(200);
    const session = res.headers.getSetCookie().find((c) => c.startsWith("next-auth.session-token="));
    expect(session).toMatch(/HttpOnly/i);
    expect(session).toMatch(/SameSite=Lax/i);
  });

  it("refuses a wrong password with 401 and no session", async () => {
    const result = await signInOverHttp(app.url, users.ADMIN.email, "not the password");
    expect(result.status).toBe(401);
    expect(result.cookie).toBeNull();
  });

  it("answers 429 with a clear message once an account has failed too often", async () => {
    const email = users.CLINICIAN.email;
    for (let i = 0; i < 3; i++) expect((await signInOverHttp(app.url, email, `wrong-${i}-password`)).status).toBe(401);
    const blocked = await signInOverHttp(app.url, email, users.CLINICIAN.password);
    expect(blocked.status).toBe(429);
    expect(blocked.cookie).toBeNull();
    expect(blocked.body).toMatchObject({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/Too many failed sign-in attempts\. Try again in \d+ minutes?\./) } });
  });

  it("never writes passwords or emails to the logs", () => {
    const all = app.logs.join("\n");
    expect(all).not.toContain(users.ADMIN.password);
    expect(all).not.toContain("not the password");
    expect(all).not.toContain(users.CLINICIAN.email);
  });
});

type Who = Role | "anonymous";
const PAGES: { path: string; allowed: Who[] }[] = [
  { path: "/staff", allowed: ["ADMIN", "RECEPTIONIST", "CLINICIAN"] },
  { path: "/patient", allowed: ["PATIENT"] },
  { path: "/admin", allowed: ["ADMIN"] },
];
const EVERYONE: Who[] = ["anonymous", "ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"];

describe("role guards on pages", () => {
  const cases = PAGES.flatMap((p) => EVERYONE.map((who) => ({ ...p, who })));
  it.each(cases)("$who → $path", async ({ path, allowed, who }) => {
    const res = await fetch(`${app.url}${path}`, { redirect: "manual", headers: who === "anonymous" ? {} : { cookie: cookies[who] ?? "" } });
    if (who === "anonymous") {
      expect(res.status).toBe(307);
      expect(res.headers.get("location")).toContain(`/sign-in?callbackUrl=${encodeURIComponent(path)}`);
    } else if (allowed.includes(who)) {
      expect(res.status).toBe(200);
    } else {
      expect(res.status).toBe(403);
    }
  });
});

const ROUTES: { method: string; path: string; allowed: Who[]; body?: unknown }[] = [
  { method: "GET", path: "/api/me", allowed: ["ADMIN", "RECEPTIONIST", "CLINICIAN", "PATIENT"] },
  { method: "GET", path: "/api/announcements", allowed: ["ADMIN", "RECEPTIONIST", "CLINICIAN"] },
  { method: "POST", path: "/api/announcements", allowed: ["ADMIN", "RECEPTIONIST"], body: { body: "Role guard check" } },
];

describe("role guards on route handlers", () => {
  const cases = ROUTES.flatMap((r) => EVERYONE.map((who) => ({ ...r, who })));
  it.each(cases)("$who → $method $path", async ({ method, path, allowed, body, who }) => {
    const res = await fetch(`${app.url}${path}`, {
      method,
      headers: { "content-type": "application/json", ...(who === "anonymous" ? {} : { cookie: cookies[who] ?? "" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as { data?: unknown; error?: { code: string } };
    if (who === "anonymous") {
      expect(res.status).toBe(401);
      expect(json.error?.code).toBe("UNAUTHENTICATED");
    } else if (allowed.includes(who)) {
      expect(res.status).toBeLessThan(300);
      expect(json.data).toBeDefined();
    } else {
      expect(res.status).toBe(403);
      expect(json.error?.code).toBe("FORBIDDEN");
    }
  });
});

describe("edges", () => {
  it("answers unknown /api routes with a JSON 404", async () => {
    const res = await fetch(`${app.url}/api/no/such/route`, { method: "DELETE" });
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({ error: { code: "NOT_FOUND", message: "No API route DELETE /api/no/such/route." } });
  });

  it("answers a body that is not JSON with 400", async () => {
    const res = await fetch(`${app.url}/api/announcements`, { method: "POST", headers: { "content-type": "application/json", cookie: cookies.ADMIN ?? "" }, body: "{not json" });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "VALIDATION_FAILED", details: [{ field: "(body)", problem: "is not valid JSON" }] } });
  });

  it("names the field and the problem, and writes nothing, when input is invalid", async () => {
    const before = await t.db.announcement.count();
    const res = await fetch(`${app.url}/api/announcements`, { method: "POST", headers: { "content-type": "application/json", cookie: cookies.ADMIN ?? "" }, body: JSON.stringify({ body: "x".repeat(2001) }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: { code: "VALIDATION_FAILED", details: [{ field: "body", problem: "must be at most 2000 characters" }] } });
    expect(await t.db.announcement.count()).toBe(before);
  });

  it("registers a patient who can then sign in, and refuses the same email again", async () => {
    const body = { email: "walk.in@example.test", password: "a long enough password", firstName: "Walk", lastName: "In", dateOfBirth: "1970-01-01" };
    const created = await fetch(`${app.url}/api/patients/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ data: { user: { role: "PATIENT", displayName: "Walk In" } } });
    expect((await signInOverHttp(app.url, body.email, body.password)).status).toBe(200);
    const again = await fetch(`${app.url}/api/patients/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ error: { code: "CONFLICT", details: [{ field: "email", problem: "is already registered" }] } });
  });

  it("limits registrations per client IP with 429 and Retry-After", async () => {
    // Two attempts were used by the test above; the allowance is four an hour.
    const attempt = () => fetch(`${app.url}/api/patients/register`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ email: "bad" }) });
    expect((await attempt()).status).toBe(400);
    expect((await attempt()).status).toBe(400);
    const limited = await attempt();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await limited.json()).toMatchObject({ error: { code: "RATE_LIMITED", message: expect.stringMatching(/^Too many registrations from your network/) } });
  });

  it("echoes a request id and never shows a stack trace", async () => {
    const res = await fetch(`${app.url}/api/health`, { headers: { "x-request-id": "trace-me-123" } });
    expect(res.headers.get("x-request-id")).toBe("trace-me-123");
    expect(await res.json()).toMatchObject({ status: "ok" });
    const generated = await fetch(`${app.url}/api/health`);
    expect(generated.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe("metrics", () => {
  it("exposes request durations by route pattern and status, socket gauges and the adapter", async () => {
    await fetch(`${app.url}/api/me`, { headers: { cookie: cookies.PATIENT ?? "" } });
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/clinicflow_http_request_duration_seconds_count\{method="GET",route="\/api\/me",status="200"\} \d+/);
    expect(text).toMatch(/clinicflow_http_request_duration_seconds_count\{method="GET",route="\/staff",status="403"\} \d+/);
    expect(text).toMatch(/clinicflow_http_request_duration_seconds_count\{method="DELETE",route="\/api\/\[\.\.\.path\]",status="404"\} \d+/);
    expect(text).toContain("clinicflow_socketio_connected_clients");
    expect(text).toContain('clinicflow_socketio_adapter_info{adapter="redis"} 1');
    expect(text).toMatch(/clinicflow_socketio_events_emitted_total\{event="announcement:new"\} [1-9]/);
    expect(text).toMatch(/clinicflow_signin_failures_total\{reason="UNAUTHENTICATED"\} [1-9]/);
    expect(text).toContain("process_cpu_user_seconds_total");
  });
});
