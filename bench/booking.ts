/**
 * Booking benchmark: slot search, booking throughput and the double-booking race, on a clinic
 * with a realistic amount of history.
 *
 * Seeds a fresh embedded PostgreSQL with one location, a department of CLINICIANS clinicians
 * (Mon–Fri 08:00–17:00, Europe/Berlin) and a second, smaller department, then bulk-inserts
 * past and future appointments with `INSERT … SELECT generate_series` (non-overlapping per
 * clinician: one 30-minute grid, some cells filled). Then, through the real services:
 *
 *   1. slot search for "any clinician" of the big department over two weeks (findSlots), and
 *      the same through HTTP against a spawned app when a build exists (npm run build);
 *   2. booking throughput: rounds of CLIENTS concurrent clients, each booking a distinct free
 *      slot (bookAppointment);
 *   3. the race: RACERS attempts on each of RACE_SLOTS slots, all at once; every slot must be
 *      booked exactly once, and an SQL self-join must find no overlapping HELD/BOOKED
 *      appointments of one clinician anywhere in the table.
 *
 * Prints its figures; exits non-zero when a check fails. Every loop is bounded in count, and
 * the whole run in time (TIME_LIMIT_SECONDS).
 *
 *   npm run bench:booking
 *   SEARCHES=500 CLIENTS=200 ROUNDS=3 npm run bench:booking
 */
import { existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import pg from "pg";
import { bookAppointment } from "../server/booking/book-appointment.ts";
import { findSlots } from "../server/booking/find-slots.ts";
import type { SlotView } from "../server/booking/slot-view.ts";
import { addDays, localDateOf } from "../server/booking/local-time.ts";
import { createDb, type Db } from "../server/db/client.ts";
import { isAppError } from "../server/errors.ts";
import type { Realtime } from "../server/gateway/realtime.ts";
import type { SessionUser } from "../server/roles.ts";
import { startAppProcess } from "../tests/helpers/app-process.ts";
import { createUser } from "../tests/helpers/factories.ts";
import { signInOverHttp } from "../tests/helpers/session.ts";
import { boundedInt } from "./lib/env.ts";
import { startBenchInfrastructure } from "./lib/infrastructure.ts";
import { quantiles, type Quantiles } from "./lib/quantiles.ts";
import { exitWith, printVerdict, startWatchdog } from "./lib/run.ts";

const CLINICIANS = boundedInt("CLINICIANS", 24, 20, 100);
const PAST_DAYS = boundedInt("PAST_DAYS", 180, 30, 720);
const FUTURE_DAYS = boundedInt("FUTURE_DAYS", 90, 40, 365);
const PATIENTS = boundedInt("PATIENTS", 5_000, 1_200, 100_000);
const SEARCHES = boundedInt("SEARCHES", 300, 200, 5_000);
const HTTP_SEARCHES = boundedInt("HTTP_SEARCHES", 200, 0, 5_000);
const CLIENTS = boundedInt("CLIENTS", 200, 1, 1_000);
const ROUNDS = boundedInt("ROUNDS", 3, 1, 10);
const RACE_SLOTS = boundedInt("RACE_SLOTS", 20, 1, 100);
const RACERS = boundedInt("RACERS", 50, 2, 100);
/** Connections in the benchmark's pool: enough to keep PostgreSQL's 2 cores busy, far below max_connections (100). */
const POOL_MAX = boundedInt("POOL_MAX", 40, 5, 90);
const TIME_LIMIT_SECONDS = boundedInt("TIME_LIMIT_SECONDS", 900, 60, 3_600);
const PHASE_LIMIT_MS = 180_000;

const TIME_ZONE = "Europe/Berlin";
const DURATION_MINUTES = 30;
const SLOTS_PER_DAY = 18; // 08:00–17:00 in 30-minute cells

const silentRealtime: Realtime = { emit: () => undefined, emitPublic: () => undefined, joinUsers: () => undefined, leaveUsers: () => undefined };

interface Clinic {
  reception: SessionUser;
  patient: SessionUser & { email: string; password: string };
  typeId: string;
  departmentId: string;
  patientIds: string[];
  appointments: number;
}

/** One location, a big and a small department, clinicians with weekday hours, patients, and history. */
async function seedClinic(db: Db, url: string): Promise<Clinic> {
  const location = await db.location.create({ data: { name: "Bench Clinic", timeZone: TIME_ZONE }, select: { id: true } });
  const big = await db.department.create({ data: { locationId: location.id, name: "General Practice" }, select: { id: true } });
  const small = await db.department.create({ data: { locationId: location.id, name: "Dermatology" }, select: { id: true } });
  const type = await db.appointmentType.create({ data: { departmentId: big.id, name: "Consultation", durationMinutes: DURATION_MINUTES }, select: { id: true } });
  await db.appointmentType.create({ data: { departmentId: small.id, name: "Skin check", durationMinutes: DURATION_MINUTES }, select: { id: true } });
  const weekdays = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, startMinute: 8 * 60, endMinute: 17 * 60 }));
  const departments = [...Array.from({ length: CLINICIANS }, () => big.id), ...Array.from({ length: 4 }, () => small.id)];
  for (const [i, departmentId] of departments.entries()) {
    const user = await createUser(db, "CLINICIAN", { displayName: `Dr. Bench ${i + 1}` });
    await db.clinician.create({ data: { userId: user.id, departmentId, room: `Room ${i + 1}`, weeklyAvailability: { create: weekdays } } });
  }
  const reception = await createUser(db, "RECEPTIONIST");
  const patient = await createUser(db, "PATIENT");

  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO "Patient" (id, "medicalRecordNumber", "firstName", "lastName", "dateOfBirth", "updatedAt")
       SELECT gen_random_uuid(), 'BENCH-' || lpad(n::text, 7, '0'), 'Bench', 'Patient ' || n, DATE '1950-01-01' + (n % 20000), now()
         FROM generate_series(1, $1::int) AS n`,
      [PATIENTS],
    );
    // One 30-minute grid per clinician and weekday, so rows never overlap; a stable hash of
    // (clinician, day, cell) decides which cells are filled and how each appointment ended.
    // The past is busier than the future, which keeps free slots to book.
    const inserted = await client.query(
      `WITH patients AS (SELECT id, row_number() OVER (ORDER BY id) AS n FROM "Patient"),
            cells AS (
              SELECT c.id AS "clinicianId", ((d::date + time '08:00' + cell * interval '30 minutes') AT TIME ZONE $1) AS starts,
                     (abs(hashtext(c.id::text || d::date::text || cell)) % 1000) / 1000.0 AS h,
                     1 + abs(hashtext(d::date::text || c.id::text || cell)) % $2::int AS "patientNo"
                FROM "Clinician" c
               CROSS JOIN generate_series(current_date - $3::int, current_date + $4::int, interval '1 day') AS d
               CROSS JOIN generate_series(0, $5::int - 1) AS cell
               WHERE extract(isodow FROM d) < 6
            ),
            filled AS (
              SELECT cells.*, CASE
                       WHEN starts >= now() THEN CASE WHEN h < 0.40 THEN 'BOOKED' WHEN h < 0.45 THEN 'CANCELLED' END
                       ELSE CASE WHEN h < 0.55 THEN 'COMPLETED' WHEN h < 0.62 THEN 'NO_SHOW' WHEN h < 0.70 THEN 'CANCELLED' END
                     END AS status
                FROM cells
            )
       INSERT INTO "Appointment" (id, "patientId", "clinicianId", "appointmentTypeId", "startsAt", "endsAt", "blockedUntil", status, "cancelledBy", "cancelledAt", "cancelReason", "createdAt", "updatedAt")
       SELECT gen_random_uuid(), p.id, f."clinicianId", t.id, f.starts, f.starts + interval '30 minutes', f.starts + interval '30 minutes', f.status::"AppointmentStatus",
              CASE WHEN f.status = 'CANCELLED' THEN 'PATIENT'::"CancelledBy" END,
              CASE WHEN f.status = 'CANCELLED' THEN f.starts - interval '2 days' END,
              CASE WHEN f.status = 'CANCELLED' THEN 'Seeded' END,
              f.starts - interval '14 days', f.starts - interval '14 days'
         FROM filled f
         JOIN patients p ON p.n = f."patientNo"
         JOIN "Clinician" c ON c.id = f."clinicianId"
         JOIN "AppointmentType" t ON t."departmentId" = c."departmentId"
        WHERE f.status IS NOT NULL`,
      [TIME_ZONE, PATIENTS, PAST_DAYS, FUTURE_DAYS, SLOTS_PER_DAY],
    );
    await client.query("ANALYZE");
    const patientIds = (await client.query<{ id: string }>(`SELECT id FROM "Patient" WHERE "medicalRecordNumber" LIKE 'BENCH-%' ORDER BY "medicalRecordNumber" LIMIT 1200`)).rows.map((r) => r.id);
    return { reception, patient, typeId: type.id, departmentId: big.id, patientIds, appointments: inserted.rowCount ?? 0 };
  } finally {
    await client.end();
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;
const line = (label: string, q: Quantiles, extra = "") => console.log(`  ${label.padEnd(34)} p50 ${ms(q.p50).padStart(9)}  p95 ${ms(q.p95).padStart(9)}  p99 ${ms(q.p99).padStart(9)}  max ${ms(q.max).padStart(9)}${extra}`);

/** Runs `once` up to `count` times in sequence, stopping early at the phase's time limit. */
async function timedSequence(count: number, once: (i: number) => Promise<void>): Promise<number[]> {
  const samples: number[] = [];
  const deadline = performance.now() + PHASE_LIMIT_MS;
  for (let i = 0; i < count && performance.now() < deadline; i++) {
    const started = performance.now();
    await once(i);
    samples.push(performance.now() - started);
  }
  if (samples.length < count) console.log(`  (stopped after ${samples.length} of ${count}: phase time limit)`);
  return samples;
}

/** Free, pairwise non-overlapping slots of the department between two dates: each can be booked independently. */
async function independentSlots(db: Db, clinic: Clinic, from: string, to: string, wanted: number): Promise<SlotView[]> {
  const { slots } = await findSlots(db, clinic.reception, { appointmentTypeId: clinic.typeId, from, to });
  const freeFrom = new Map<string, number>();
  const picked: SlotView[] = [];
  // Round-robin over clinicians so load spreads like real traffic rather than piling on one.
  const byClinician = new Map<string, SlotView[]>();
  for (const s of slots) byClinician.set(s.clinicianId, [...(byClinician.get(s.clinicianId) ?? []), s]);
  const queues = [...byClinician.values()];
  for (let round = 0; picked.length < wanted && queues.some((q) => q.length > 0) && round < 10_000; round++) {
    for (const queue of queues) {
      while (queue.length > 0) {
        const s = queue.shift()!;
        if (Date.parse(s.startsAt) < (freeFrom.get(s.clinicianId) ?? 0)) continue;
        freeFrom.set(s.clinicianId, Date.parse(s.endsAt));
        picked.push(s);
        break;
      }
      if (picked.length >= wanted) break;
    }
  }
  if (picked.length < wanted) throw new Error(`only ${picked.length} independent free slots between ${from} and ${to}, wanted ${wanted}`);
  return picked;
}

function book(db: Db, clinic: Clinic, slot: SlotView, patientId: string) {
  return bookAppointment(db, silentRealtime, clinic.reception, { appointmentTypeId: clinic.typeId, clinicianId: slot.clinicianId, startsAt: slot.startsAt, patientId });
}

async function doubleBookings(db: Db): Promise<number> {
  const [row] = await db.$queryRaw<{ doubles: number }[]>`
    SELECT count(*)::int AS doubles
      FROM "Appointment" a
      JOIN "Appointment" b
        ON a."clinicianId" = b."clinicianId" AND a.id < b.id
       AND tstzrange(a."startsAt", a."blockedUntil", '[)') && tstzrange(b."startsAt", b."blockedUntil", '[)')
     WHERE a.status IN ('HELD', 'BOOKED') AND b.status IN ('HELD', 'BOOKED')`;
  return row?.doubles ?? -1;
}

async function main() {
  const disarmWatchdog = startWatchdog("bench:booking", TIME_LIMIT_SECONDS);

  const failures: string[] = [];
  const infra = await startBenchInfrastructure("clinicflow_bench_booking");
  const url = infra.databaseUrl;
  const db = createDb(url, { poolMax: POOL_MAX });
  try {
    const seedStarted = performance.now();
    const clinic = await seedClinic(db, url);
    const [{ max_connections: maxConnections } = { max_connections: "?" }] = await db.$queryRaw<{ max_connections: string }[]>`SHOW max_connections`;
    const total = await db.appointment.count();
    console.log(`booking bench (node ${process.version}, ${os.cpus().length} cores, PostgreSQL embedded, max_connections ${maxConnections})`);
    console.log(`seeded in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s: ${CLINICIANS} + 4 clinicians in 2 departments, ${PATIENTS} patients, ${total} appointments (${PAST_DAYS} days back, ${FUTURE_DAYS} ahead)`);
    console.log(`service calls use a Prisma pool of ${POOL_MAX} connections (createDb poolMax ${POOL_MAX})`);
    if (total < 50_000) failures.push(`seeded only ${total} appointments (< 50000)`);

    const today = localDateOf(Date.now(), TIME_ZONE);

    // 1. Slot search: any clinician of the big department, two weeks, as a patient would.
    console.log(`\n1. slot search: "any clinician" of ${CLINICIANS}, 14 days`);
    let found = 0;
    const search = (i: number) => {
      const from = addDays(today, 1 + (i % 7));
      return findSlots(db, clinic.patient, { appointmentTypeId: clinic.typeId, from, to: addDays(from, 13) });
    };
    for (let i = 0; i < 20; i++) await search(i); // warm-up
    const serviceSamples = await timedSequence(SEARCHES, async (i) => {
      found += (await search(i)).slots.length;
    });
    line(`findSlots × ${serviceSamples.length}`, quantiles(serviceSamples), `  (${Math.round(found / serviceSamples.length)} slots per answer)`);

    if (HTTP_SEARCHES > 0 && existsSync(path.resolve(import.meta.dirname, "../.next/BUILD_ID"))) {
      const app = await startAppProcess({ databaseUrl: url, env: { DATABASE_POOL_MAX: "10" }, startTimeoutMs: 60_000 });
      try {
        const { cookie } = await signInOverHttp(app.url, clinic.patient.email, clinic.patient.password);
        if (!cookie) throw new Error("could not sign in to the spawned app");
        const get = async (i: number) => {
          const from = addDays(today, 1 + (i % 7));
          const res = await fetch(`${app.url}/api/slots?appointmentTypeId=${clinic.typeId}&from=${from}&to=${addDays(from, 13)}`, { headers: { cookie } });
          if (res.status !== 200) throw new Error(`GET /api/slots answered ${res.status}`);
          await res.arrayBuffer();
        };
        for (let i = 0; i < 20; i++) await get(i);
        const httpSamples = await timedSequence(HTTP_SEARCHES, get);
        line(`GET /api/slots × ${httpSamples.length} (HTTP)`, quantiles(httpSamples), "  (app pool 10, session checked per request)");
      } finally {
        await app.stop();
      }
    } else if (HTTP_SEARCHES > 0) {
      console.log("  (HTTP search skipped: no build; run npm run build first)");
    }

    // 2. Throughput: rounds of CLIENTS concurrent clients, each booking its own free slot.
    console.log(`\n2. booking throughput: ${ROUNDS} round(s) of ${CLIENTS} concurrent clients, each booking a distinct free slot`);
    // Warm-up, and the latency of a booking with nobody else around, for comparison.
    const quietSlots = await independentSlots(db, clinic, addDays(today, 50), addDays(today, 54), 30);
    const quiet = await timedSequence(quietSlots.length, async (i) => {
      await book(db, clinic, quietSlots[i]!, clinic.patientIds[i]!);
    });
    line(`one client alone × ${quiet.length - 10}`, quantiles(quiet.slice(10)), "  (first 10 were warm-up)");
    const bookingSamples: number[] = [];
    let booked = 0;
    let bookingErrors = 0;
    let bookingSeconds = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const from = addDays(today, 15 + round * 5);
      const slots = await independentSlots(db, clinic, from, addDays(from, 4), CLIENTS);
      const started = performance.now();
      const results = await Promise.allSettled(
        slots.map(async (slot, i) => {
          const t0 = performance.now();
          await book(db, clinic, slot, clinic.patientIds[i % clinic.patientIds.length]!);
          bookingSamples.push(performance.now() - t0);
        }),
      );
      const seconds = (performance.now() - started) / 1000;
      bookingSeconds += seconds;
      const ok = results.filter((r) => r.status === "fulfilled").length;
      booked += ok;
      bookingErrors += results.length - ok;
      const firstError = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
      console.log(`  round ${round + 1}: ${ok}/${slots.length} booked in ${seconds.toFixed(2)} s = ${(ok / seconds).toFixed(0)} bookings/s${firstError ? ` (first error: ${errorText(firstError.reason)})` : ""}`);
    }
    line(`bookAppointment × ${bookingSamples.length}`, quantiles(bookingSamples), `  overall ${(booked / bookingSeconds).toFixed(0)} bookings/s`);
    if (bookingErrors > 0) failures.push(`${bookingErrors} bookings of distinct free slots failed`);

    // 3. The race: RACERS attempts on each of RACE_SLOTS slots, all at once.
    console.log(`\n3. race: ${RACE_SLOTS * RACERS} concurrent attempts on ${RACE_SLOTS} slots (${RACERS} each)`);
    const raceFrom = addDays(today, 15 + ROUNDS * 5);
    const raceSlots = await independentSlots(db, clinic, raceFrom, addDays(raceFrom, 4), RACE_SLOTS);
    // Issued round by round (one attempt per slot, then the next), all without waiting.
    const attempts = Array.from({ length: RACERS }, (_, r) => raceSlots.map((_slot, s) => ({ slot: s, patientId: clinic.patientIds[(r * RACE_SLOTS + s) % clinic.patientIds.length]! }))).flat();
    const successes = new Array<number>(raceSlots.length).fill(0);
    let slotTaken = 0;
    const otherErrors = new Map<string, number>();
    const raceStarted = performance.now();
    await Promise.all(
      attempts.map(async (a) => {
        try {
          await book(db, clinic, raceSlots[a.slot]!, a.patientId);
          successes[a.slot] = (successes[a.slot] ?? 0) + 1;
        } catch (error) {
          if (isAppError(error) && error.code === "SLOT_TAKEN") slotTaken += 1;
          else otherErrors.set(errorText(error), (otherErrors.get(errorText(error)) ?? 0) + 1);
        }
      }),
    );
    const raceSeconds = (performance.now() - raceStarted) / 1000;
    const doublesStarted = performance.now();
    const doubles = await doubleBookings(db);
    const doublesMs = performance.now() - doublesStarted;
    console.log(`  finished in ${raceSeconds.toFixed(2)} s`);
    console.log(`  successes per slot: min ${Math.min(...successes)}, max ${Math.max(...successes)} (must be 1 and 1)`);
    console.log(`  SLOT_TAKEN: ${slotTaken} (expected ${attempts.length - raceSlots.length})`);
    for (const [message, count] of otherErrors) console.log(`  other error × ${count}: ${message}`);
    console.log(`  double bookings (SQL self-join over all ${await db.appointment.count()} appointments, ${doublesMs.toFixed(0)} ms): ${doubles}`);
    if (Math.min(...successes) !== 1 || Math.max(...successes) !== 1) failures.push("a race slot was not booked exactly once");
    if (doubles !== 0) failures.push(`${doubles} double bookings`);
    if (otherErrors.size > 0) failures.push("race attempts failed with errors other than SLOT_TAKEN");

    printVerdict(failures);
  } catch (error) {
    failures.push(errorText(error));
    console.error(error);
  } finally {
    await db.$disconnect();
    await infra.stop();
    disarmWatchdog();
  }
  exitWith(failures);
}

function errorText(error: unknown): string {
  if (isAppError(error)) return `${error.code}: ${error.message}`;
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${error.name}${typeof code === "string" ? ` ${code}` : ""}: ${error.message.split("\n")[0]!.slice(0, 200)}`;
}

await main();
