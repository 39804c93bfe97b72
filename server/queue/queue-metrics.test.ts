import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createMetrics, registerQueueStateGauges, type Metrics } from "../metrics.ts";
import { callNext, callTicket } from "./call-ticket.ts";
import { changeTicket } from "./change-ticket.ts";
import { createQueueMetrics, readQueueState } from "./queue-metrics.ts";
import type { QueueDeps } from "./queue-change.ts";
import { recallOverdueTickets } from "./recall-sweeper.ts";
import { recordingRealtime } from "../../tests/helpers/booking-fixtures.ts";
import { createQueueClinic, type QueueClinic } from "../../tests/helpers/queue-fixtures.ts";
import { createTestDatabase, type TestDatabase } from "../../tests/helpers/test-db.ts";

const SECOND = 1_000;
let t: TestDatabase;
let clinic: QueueClinic;

beforeAll(async () => {
  t = await createTestDatabase("queuemetrics");
  clinic = await createQueueClinic(t.db, { recallIntervalSeconds: 60, maxRecalls: 0 });
});
afterAll(async () => {
  await t?.drop();
});

/** One metric's samples as { "name{label=value,…}": value }. */
async function samples(metrics: Metrics, name: string): Promise<Record<string, number>> {
  const metric = await metrics.registry.getSingleMetric(name)!.get();
  return Object.fromEntries(
    metric.values.map((v) => [`${(v as { metricName?: string }).metricName ?? name}{${Object.entries(v.labels).filter(([k]) => k !== "le").map(([k, x]) => `${k}=${x}`).join(",")}}`, v.value]),
  );
}

describe("queue metrics observed as changes happen", () => {
  it("times waits (check-in → first call) and services (start → finish), counts calls, recalls and no-shows by department", async () => {
    const metrics = createMetrics();
    const deps: QueueDeps = { db: t.db, realtime: recordingRealtime(), metrics: createQueueMetrics(metrics) };
    const department = await clinic.newDepartment("M");
    const t0 = Date.now() - 60 * 60 * SECOND;
    const [first] = await clinic.walkIns(department, 1, deps, t0);
    const [second] = await clinic.walkIns(department, 1, deps, t0 + 60 * SECOND);
    await clinic.walkIns(department, 1, deps, t0 + 120 * SECOND);

    expect((await callNext(deps, clinic.reception, department, { calledTo: "Room 1" }, t0 + 300 * SECOND)).id).toBe(first); // waited 300 s
    await changeTicket(deps, clinic.reception, first!, { action: "recall" }, t0 + 400 * SECOND); // a recall is not a new wait
    await changeTicket(deps, clinic.reception, first!, { action: "start" }, t0 + 420 * SECOND);
    await changeTicket(deps, clinic.reception, first!, { action: "finish" }, t0 + 720 * SECOND); // served 300 s
    await callTicket(deps, clinic.reception, second!, { calledTo: "Room 2" }, t0 + 800 * SECOND); // waited 740 s
    await recallOverdueTickets(deps, t0 + 860 * SECOND); // maxRecalls 0: the sweeper gives up at once

    const d = `department=${department}`;
    expect(await samples(metrics, "clinicflow_queue_calls_total")).toEqual({ [`clinicflow_queue_calls_total{${d},kind=called}`]: 2, [`clinicflow_queue_calls_total{${d},kind=recalled}`]: 1 });
    expect(await samples(metrics, "clinicflow_queue_no_shows_total")).toEqual({ [`clinicflow_queue_no_shows_total{${d}}`]: 1 });
    const waits = await samples(metrics, "clinicflow_queue_wait_seconds");
    expect([waits[`clinicflow_queue_wait_seconds_count{${d}}`], waits[`clinicflow_queue_wait_seconds_sum{${d}}`]]).toEqual([2, 1040]);
    const services = await samples(metrics, "clinicflow_queue_service_seconds");
    expect([services[`clinicflow_queue_service_seconds_count{${d}}`], services[`clinicflow_queue_service_seconds_sum{${d}}`]]).toEqual([1, 300]);
  });
});

describe("queue gauges read at scrape time", () => {
  it("show today's tickets by state, the longest wait and the alert threshold of every department, from one query per scrape", async () => {
    const deps: QueueDeps = { db: t.db, realtime: recordingRealtime() };
    const busy = await clinic.newDepartment("G");
    const quiet = await clinic.newDepartment("Q");
    await t.db.department.update({ where: { id: busy }, data: { waitAlertMinutes: 20 } });
    const t0 = Date.now() - 30 * 60 * SECOND;
    await clinic.walkIns(busy, 1, deps, t0);
    const [leaving] = await clinic.walkIns(busy, 2, deps, t0 + 100 * SECOND);
    await callNext(deps, clinic.reception, busy, { calledTo: "Room 1" }, t0 + 200 * SECOND);
    await changeTicket(deps, clinic.reception, leaving!, { action: "cancel" });

    const metrics = createMetrics();
    let reads = 0;
    registerQueueStateGauges(metrics.registry, () => (reads++, readQueueState(t.db, t0 + 400 * SECOND)), (error) => { throw error; });
    const text = await metrics.registry.metrics();
    expect(reads).toBe(1);

    const line = (name: string, labels: string) => new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, "m").exec(text)?.[1];
    expect(["WAITING", "CALLED", "IN_SERVICE", "DONE", "NO_SHOW", "CANCELLED", "TRANSFERRED"].map((s) => line("clinicflow_queue_tickets", `department="${busy}",state="${s}"`))).toEqual(["1", "1", "0", "0", "0", "1", "0"]);
    expect(line("clinicflow_queue_tickets", `department="${quiet}",state="WAITING"`)).toBe("0");
    // The first was called and one of the two checked in at t0 + 100 s left: the other has waited 300 s.
    expect(line("clinicflow_queue_longest_wait_seconds", `department="${busy}"`)).toBe("300");
    expect(line("clinicflow_queue_longest_wait_seconds", `department="${quiet}"`)).toBe("0");
    expect(line("clinicflow_queue_wait_alert_seconds", `department="${busy}"`)).toBe("1200");
    expect(line("clinicflow_queue_wait_alert_seconds", `department="${quiet}"`)).toBe("1800");
  });

  it("counts only today's tickets of the location's day", async () => {
    const department = await clinic.newDepartment("Y");
    await clinic.walkIns(department, 2, { db: t.db, realtime: recordingRealtime() }, Date.now() - 26 * 60 * 60 * SECOND); // yesterday there
    const today = (await readQueueState(t.db)).find((d) => d.departmentId === department);
    expect(today).toMatchObject({ tickets: { WAITING: 0 }, longestWaitSeconds: 0 });
  });

  it("serve the rest of /metrics, without queue gauges, when the database cannot be read", async () => {
    const metrics = createMetrics();
    const errors: unknown[] = [];
    registerQueueStateGauges(metrics.registry, () => Promise.reject(new Error("database down")), (error) => errors.push(error));
    const text = await metrics.registry.metrics();
    expect(text).toContain("# TYPE clinicflow_queue_tickets gauge");
    expect(text).not.toMatch(/^clinicflow_queue_tickets\{/m);
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(errors).toEqual([new Error("database down")]);
  });
});
