import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, expect, inject } from "vitest";
import type { Db } from "../../server/db/client.ts";
import type { AckResponse } from "../../server/gateway/contract.ts";
import { createConversation } from "../../server/messaging/conversations.ts";
import type { MessageView } from "../../server/messaging/views.ts";
import type { TicketView } from "../../server/queue/ticket-view.ts";
import { callApi } from "./api.ts";
import { startAppProcess, type AppProcess, type AppProcessOptions } from "./app-process.ts";
import { recordingRealtime } from "./booking-fixtures.ts";
import { createPatientRecord, createUser, type TestUser } from "./factories.ts";
import type { LiveClient, LiveSocket } from "./live-clients.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "./test-db.ts";
import { startLoadBalancer, type LoadBalancer } from "./load-balancer.ts";
import { eventually } from "./ports.ts";
import { createQueueClinic } from "./queue-fixtures.ts";
import { sessionCookieFor } from "./session.ts";

/**
 * What every failure drill starts from: two real instances (server/index.ts) behind a real
 * haproxy, and a small clinic in the drill's database — one department's queue and one group
 * conversation of four staff members, each of whom will have a live client.
 */
export interface DrillCluster {
  a: AppProcess;
  b: AppProcess;
  lb: LoadBalancer;
  /** Waits until haproxy reports each named server in the given state (e.g. "UP", "DOWN"). */
  untilStates(states: Record<string, string>, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export async function startDrillCluster(opts: Omit<AppProcessOptions, "startTimeoutMs">): Promise<DrillCluster> {
  const [a, b] = await Promise.all([startAppProcess({ ...opts, startTimeoutMs: 60_000 }), startAppProcess({ ...opts, startTimeoutMs: 60_000 })]);
  const lb = await startLoadBalancer([
    { name: "a", port: a.port },
    { name: "b", port: b.port },
  ]);
  const cluster: DrillCluster = {
    a,
    b,
    lb,
    untilStates: (states, timeoutMs = 10_000) =>
      eventually(async () => {
        const now = await lb.serverStates();
        for (const [name, state] of Object.entries(states)) expect({ name, state: now[name]?.split(" ")[0] }).toEqual({ name, state });
      }, timeoutMs, 100),
    async stop() {
      await lb.stop();
      await Promise.all([a.stop(), b.stop()]);
    },
  };
  await cluster.untilStates({ a: "UP", b: "UP" }, 15_000);
  return cluster;
}

export interface DrillClinic {
  departmentId: string;
  conversationId: string;
  reception: TestUser;
  receptionCookie: string;
  /** Four staff members, all in the conversation; each gets a live client. */
  staff: { user: TestUser; cookie: string }[];
}

export async function createDrillClinic(db: Db): Promise<DrillClinic> {
  // Nobody is recalled by the instances' sweepers while a drill runs.
  const clinic = await createQueueClinic(db, { recallIntervalSeconds: 3600 });
  const departmentId = await clinic.newDepartment("D");
  const staff = [];
  for (const role of ["RECEPTIONIST", "CLINICIAN", "CLINICIAN", "ADMIN"] as const) {
    const user = await createUser(db, role);
    staff.push({ user, cookie: await sessionCookieFor(user) });
  }
  const { conversation } = await createConversation({ db, realtime: recordingRealtime() }, staff[0]!.user, {
    kind: "group",
    name: `Drill ${randomBytes(2).toString("hex")}`,
    memberIds: staff.slice(1).map((s) => s.user.id),
  });
  return { departmentId, conversationId: conversation.id, reception: clinic.reception, receptionCookie: await sessionCookieFor(clinic.reception), staff };
}

/** A walk-in checked in over HTTP at `baseUrl` (an instance or the load balancer). */
export async function checkIn(db: Db, baseUrl: string, clinic: DrillClinic): Promise<{ status: number; ticket?: TicketView; backend: string | null }> {
  const patient = await createPatientRecord(db);
  const res = await fetch(`${baseUrl}/api/queue/check-ins`, {
    method: "POST",
    headers: { "content-type": "application/json", cookie: clinic.receptionCookie },
    body: JSON.stringify({ departmentId: clinic.departmentId, patientId: patient.id }),
    signal: AbortSignal.timeout(15_000),
  });
  const json = (await res.json().catch(() => ({}))) as { data?: { ticket: TicketView } };
  return { status: res.status, ticket: json.data?.ticket, backend: res.headers.get("x-clinicflow-backend") };
}

/** "Call next" over HTTP at `baseUrl`. */
export async function callNext(baseUrl: string, clinic: DrillClinic, calledTo: string): Promise<{ status: number; ticket?: TicketView }> {
  const res = await callApi<{ ticket: TicketView }>(baseUrl, "POST", `/api/queue/${clinic.departmentId}/call-next`, clinic.receptionCookie, { calledTo });
  return { status: res.status, ticket: res.json.data?.ticket };
}

/**
 * Sends a message like the browser's send queue: one clientId for all tries, tried again
 * after a lost ack (the server answers a repeat with the message saved the first time).
 */
export async function sendMessage(socket: LiveSocket, conversationId: string, body: string, attempts = 10): Promise<{ message: MessageView; tries: number; ms: number }> {
  const clientId = randomUUID();
  const started = Date.now();
  for (let tries = 1; tries <= attempts; tries++) {
    if (socket.connected) {
      const reply = await (socket.timeout(8_000).emitWithAck as (e: string, p: unknown) => Promise<AckResponse<{ message: MessageView }>>)("message:send", { conversationId, clientId, body }).catch(() => null);
      if (reply && "data" in reply) return { message: reply.data.message, tries, ms: Date.now() - started };
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`message "${body}" was not saved after ${attempts} tries`);
}

export interface DrillSuite {
  t: TestDatabase;
  cluster: DrillCluster;
  clinic: DrillClinic;
  /** Live clients the test starts; closed after the suite. */
  clients: LiveClient[];
}

/**
 * Registers a drill file's hooks: a test database with the drill clinic and two instances
 * behind haproxy on the suite's Redis before; clients closed and everything stopped after.
 * Read the fields inside the tests (they are set by the hook).
 */
export function drillSuite(label: string): DrillSuite {
  const suite = { clients: [] as LiveClient[] } as DrillSuite;
  beforeAll(async () => {
    suite.t = await createTestDatabase(label);
    suite.clinic = await createDrillClinic(suite.t.db);
    suite.cluster = await startDrillCluster({ databaseUrl: suite.t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix(label) });
  }, 120_000);
  afterAll(async () => {
    suite.clients.forEach((c) => c.close());
    await suite.cluster?.stop();
    await suite.t?.drop();
  }, 90_000);
  return suite;
}
