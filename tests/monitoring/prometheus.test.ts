import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { rm } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { callApi } from "../helpers/api.ts";
import { startAppProcess, type AppProcess } from "../helpers/app-process.ts";
import { connectClient, type TestClient } from "../helpers/gateway.ts";
import { eventually } from "../helpers/ports.ts";
import { createQueueClinic } from "../helpers/queue-fixtures.ts";
import { signInOverHttp } from "../helpers/session.ts";
import { createTestDatabase, uniqueRedisPrefix, type TestDatabase } from "../helpers/test-db.ts";
import {
  MONITORING_DIR,
  assertPrometheusInstalled,
  configDirectory,
  promApi,
  promtool,
  replaceOrFail,
  startPrometheus,
  type InstantSample,
  type PrometheusProcess,
  type RulesAnswer,
  type TargetsAnswer,
} from "./prometheus-server.ts";

/**
 * monitoring/: the Prometheus configs and alert rules pass promtool (rules with their unit
 * tests), and a real Prometheus scraping a real app instance accepts every expression of every
 * rule and every Grafana panel.
 */

const RULES_DIR = path.join(MONITORING_DIR, "rules");
const RULE_TESTS_DIR = path.join(RULES_DIR, "tests");
const DASHBOARDS_DIR = path.join(MONITORING_DIR, "grafana", "dashboards");
const yamlFiles = (dir: string) =>
  readdirSync(dir)
    .filter((f) => f.endsWith(".yml"))
    .map((f) => path.join(dir, f));

/** The alerts Clinicflow must have, by the names the rule files give them. */
const REQUIRED_ALERTS = [
  "ClinicflowDown", // app down
  "ClinicflowHighErrorRate",
  "ClinicflowHighLatencyP99",
  "ClinicflowSocketDisconnectStorm",
  "ClinicflowRedisAdapterUnavailable",
  "ClinicflowDatabaseNotReady",
  "ClinicflowQueueWaitTooLong",
];

interface Target {
  expr?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id: number;
  type: string;
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
}
interface Dashboard {
  uid: string;
  title: string;
  panels: Panel[];
  templating: { list: { name: string; datasource?: { uid?: string }; query: string | { query: string } }[] };
}

const dashboards = readdirSync(DASHBOARDS_DIR)
  .filter((f) => f.endsWith(".json"))
  .map((file) => ({ file, text: readFileSync(path.join(DASHBOARDS_DIR, file), "utf8") }));
const parseDashboard = (text: string) => JSON.parse(text) as Dashboard;

function alertNames(ruleFiles: string[]): string[] {
  return ruleFiles.flatMap((file) => [...readFileSync(file, "utf8").matchAll(/^\s*- alert:\s*(\S+)\s*$/gm)].map((m) => m[1]!));
}

/** Grafana's variables in an expression replaced by concrete values, as Grafana would send it. */
function toPromQL(expr: string, values: Record<string, string>): string {
  return expr.replace(/\$\{(\w+)(?::\w+)?\}|\$(\w+)|\[\[(\w+)\]\]/g, (match, a?: string, b?: string, c?: string) => {
    const value = values[(a ?? b ?? c)!];
    if (value === undefined) throw new Error(`unknown Grafana variable ${match} in ${expr}`);
    return value;
  });
}

beforeAll(() => assertPrometheusInstalled());

describe("promtool", () => {
  it("accepts the compose config as shipped", async () => {
    const { code, output } = await promtool(["check", "config", "monitoring/prometheus.yml"]);
    expect(code, output).toBe(0);
    expect(output).toContain("SUCCESS");
  });

  it("accepts the cluster config, with pod discovery swapped for file discovery (Debian's build has no Kubernetes discovery)", async () => {
    const config = replaceOrFail(readFileSync(path.join(MONITORING_DIR, "prometheus.kubernetes.yml"), "utf8"), /^ {4}kubernetes_sd_configs:\n(?: {6}.*\n)+/m, "    file_sd_configs:\n      - files: [pods.json]\n");
    const dir = await configDirectory(config, "", { "pods.json": "[]" });
    try {
      const { code, output } = await promtool(["check", "config", "prometheus.yml"], dir);
      expect(code, output).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("accepts the alert rules, and their unit tests pass", async () => {
    const check = await promtool(["check", "rules", ...yamlFiles(RULES_DIR)]);
    expect(check.code, check.output).toBe(0);
    const tests = await promtool(["test", "rules", ...yamlFiles(RULE_TESTS_DIR)]);
    expect(tests.code, tests.output).toBe(0);
    expect(tests.output).not.toContain("FAILED");
  });

  it("has every required alert, each tested firing and not firing", () => {
    const alerts = alertNames(yamlFiles(RULES_DIR));
    expect(alerts).toEqual(expect.arrayContaining(REQUIRED_ALERTS));
    const cases = new Map<string, { firing: number; quiet: number }>();
    for (const file of yamlFiles(RULE_TESTS_DIR)) {
      const lines = readFileSync(file, "utf8").split("\n");
      lines.forEach((line, i) => {
        const name = /^\s*alertname:\s*(\S+)/.exec(line)?.[1];
        if (!name) return;
        const expected = lines[i + 1] ?? "";
        if (!/^\s*exp_alerts:/.test(expected)) throw new Error(`${file}:${i + 2}: exp_alerts expected after alertname`);
        const c = cases.get(name) ?? { firing: 0, quiet: 0 };
        if (/exp_alerts:\s*\[\]/.test(expected)) c.quiet++;
        else c.firing++;
        cases.set(name, c);
      });
    }
    for (const alert of alerts) {
      expect(cases.get(alert)?.firing ?? 0, `${alert} has no firing case`).toBeGreaterThan(0);
      expect(cases.get(alert)?.quiet ?? 0, `${alert} has no quiet case`).toBeGreaterThan(0);
    }
  });
});

describe("Grafana dashboards", () => {
  const datasources = readFileSync(path.join(MONITORING_DIR, "grafana", "provisioning", "datasources", "prometheus.yml"), "utf8");
  const datasourceUid = /^\s*uid:\s*(\S+)\s*$/m.exec(datasources)?.[1];

  it("are provisioned from this folder, against one Prometheus datasource", () => {
    expect(datasourceUid).toBeTruthy();
    expect(datasources).toMatch(/type:\s*prometheus/);
    const provider = readFileSync(path.join(MONITORING_DIR, "grafana", "provisioning", "dashboards", "clinicflow.yml"), "utf8");
    expect(provider).toMatch(/type:\s*file/);
    expect(provider).toMatch(/path:\s*\/\S+/);
    expect(dashboards.map((d) => d.file).sort()).toEqual(["clinic.json", "realtime.json", "service-overview.json"]);
  });

  it.each(dashboards)("$file is a valid dashboard whose every query uses the provisioned datasource", ({ text }) => {
    const dashboard = parseDashboard(text);
    expect(dashboard.uid).toMatch(/^[\w-]{1,40}$/);
    expect(dashboard.title).toBeTruthy();
    const ids = dashboard.panels.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const panel of dashboard.panels) {
      expect(panel.gridPos.x + panel.gridPos.w, panel.title).toBeLessThanOrEqual(24);
      if (panel.type === "row") continue;
      expect(panel.datasource?.uid, panel.title).toBe(datasourceUid);
      expect(panel.targets?.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets ?? []) {
        expect(target.datasource?.uid, panel.title).toBe(datasourceUid);
        expect(target.expr?.trim(), panel.title).toBeTruthy();
      }
    }
    for (const variable of dashboard.templating.list) expect(variable.datasource?.uid, variable.name).toBe(datasourceUid);
  });

  it("have distinct uids", () => {
    const uids = dashboards.map((d) => parseDashboard(d.text).uid);
    expect(new Set(uids).size).toBe(uids.length);
  });
});

describe("a real Prometheus scraping a real instance", () => {
  const metricsToken = randomBytes(16).toString("hex");
  let t: TestDatabase;
  let app: AppProcess;
  let compose: PrometheusProcess | undefined;
  let cluster: PrometheusProcess | undefined;
  let socket: TestClient | undefined;
  let departmentId: string;
  let reception: { email: string; password: string };

  beforeAll(async () => {
    t = await createTestDatabase("monitoring");
    const clinic = await createQueueClinic(t.db);
    reception = clinic.reception;
    departmentId = await clinic.newDepartment("M");
    await clinic.walkIns(departmentId, 2);
    app = await startAppProcess({ databaseUrl: t.url, redisUrl: inject("redisUrl"), redisKeyPrefix: uniqueRedisPrefix("monitoring"), env: { METRICS_TOKEN: metricsToken } });

    // The compose config as shipped, pointed at this instance and scraping every second.
    let config = readFileSync(path.join(MONITORING_DIR, "prometheus.yml"), "utf8");
    config = replaceOrFail(config, /\["app1:3000", "app2:3000"\]/, `["127.0.0.1:${app.port}"]`);
    config = replaceOrFail(config, /scrape_interval: 15s/, "scrape_interval: 1s");
    config = replaceOrFail(config, /scrape_timeout: 10s/, "scrape_timeout: 1s");
    config = replaceOrFail(config, /evaluation_interval: 15s/, "evaluation_interval: 1s");

    // The cluster config as shipped, with the pods Kubernetes discovery would report given as
    // files: the app's pod (annotated, at its real port), one without the annotation, and a
    // finished Job's pod.
    const pod = (address: string, name: string, extra: Record<string, string>) => ({
      targets: [address],
      labels: { __meta_kubernetes_namespace: "clinic", __meta_kubernetes_pod_name: name, __meta_kubernetes_pod_phase: "Running", __meta_kubernetes_pod_label_app_kubernetes_io_name: "clinicflow", ...extra },
    });
    const annotated = { __meta_kubernetes_pod_annotation_prometheus_io_scrape: "true", __meta_kubernetes_pod_annotation_prometheus_io_port: String(app.port), __meta_kubernetes_pod_annotation_prometheus_io_path: "/metrics" };
    const pods = [
      pod("127.0.0.1:9", "clinicflow-web-5d8f7-x2k4p", annotated),
      pod("127.0.0.1:9", "clinicflow-debug", {}),
      pod("127.0.0.1:9", "clinicflow-migrate-8hq2z", { ...annotated, __meta_kubernetes_pod_phase: "Succeeded" }),
    ];
    let clusterConfig = readFileSync(path.join(MONITORING_DIR, "prometheus.kubernetes.yml"), "utf8");
    clusterConfig = replaceOrFail(clusterConfig, /^ {4}kubernetes_sd_configs:\n(?: {6}.*\n)+/m, "    file_sd_configs:\n      - files: [pods.json]\n");
    clusterConfig = replaceOrFail(clusterConfig, /scrape_interval: 15s/, "scrape_interval: 1s");
    clusterConfig = replaceOrFail(clusterConfig, /scrape_timeout: 10s/, "scrape_timeout: 1s");

    [compose, cluster] = await Promise.all([
      configDirectory(config, metricsToken).then(startPrometheus),
      configDirectory(clusterConfig, metricsToken, { "pods.json": JSON.stringify(pods) }).then(startPrometheus),
    ]);
  }, 90_000);

  afterAll(async () => {
    socket?.close();
    await compose?.stop();
    await cluster?.stop();
    await app?.stop();
    await t?.drop();
  });

  async function query(expr: string): Promise<InstantSample[]> {
    const answer = await promApi<{ resultType: string; result: InstantSample[] }>(compose!, "query", { query: expr });
    if (answer.status !== "success") throw new Error(`${expr}: ${answer.errorType} ${answer.error}`);
    return answer.data.result;
  }

  it("scrapes the instance with the metrics token, and evaluates every rule and panel expression without an error", async () => {
    const target = await eventually(async () => {
      const { data } = await promApi<TargetsAnswer>(compose!, "targets");
      expect(data.activeTargets).toHaveLength(1);
      expect(data.activeTargets[0]!.health, data.activeTargets[0]!.lastError).toBe("up");
      return data.activeTargets[0]!;
    }, 20_000);
    expect(target.labels).toMatchObject({ job: "clinicflow", instance: `127.0.0.1:${app.port}` });
    // Without the token /metrics refuses: the scrape above used the credentials file.
    expect((await fetch(`${app.url}/metrics`)).status).toBe(401);

    // A little traffic: probes, a 404, a sign-in, a call, and a socket that comes and goes.
    for (const p of ["/api/health", "/api/ready", "/api/no-such-route", "/sign-in"]) await fetch(`${app.url}${p}`);
    const { cookie } = await signInOverHttp(app.url, reception.email, reception.password);
    const called = await callApi(app.url, "POST", `/api/queue/${departmentId}/call-next`, cookie, { calledTo: "Room 1" });
    expect(called.status).toBe(200);
    const leaving = await connectClient(app.url, cookie!);
    leaving.disconnect();
    socket = await connectClient(app.url, cookie!);

    // The new metrics arrive in Prometheus: readiness, Redis connections, disconnects, the queue.
    await eventually(async () => {
      expect(await values(`clinicflow_socketio_disconnects_total{job="clinicflow", reason="client namespace disconnect"}`)).toEqual([1]);
      expect(await values(`clinicflow_socketio_connected_clients{job="clinicflow"}`)).toEqual([1]);
    }, 15_000);
    expect(await values(`clinicflow_ready{job="clinicflow", check="database"}`)).toEqual([1]);
    expect(await values(`clinicflow_ready{job="clinicflow", check="redis"}`)).toEqual([1]);
    expect(await values(`sum(clinicflow_redis_connection_up{job="clinicflow", connection=~"pub|sub"})`)).toEqual([2]);
    expect(await values(`clinicflow_socketio_adapter_info{job="clinicflow", adapter="redis"}`)).toEqual([1]);
    expect(await values(`clinicflow_queue_tickets{job="clinicflow", department="${departmentId}", state="WAITING"}`)).toEqual([1]);
    expect(await values(`clinicflow_queue_calls_total{job="clinicflow", department="${departmentId}", kind="called"}`)).toEqual([1]);

    // Every rule is loaded from the rule files, evaluated, and healthy.
    const rules = await eventually(async () => {
      const { data } = await promApi<RulesAnswer>(compose!, "rules");
      const all = data.groups.flatMap((g) => g.rules);
      expect(all.map((r) => r.name).sort()).toEqual(alertNames(yamlFiles(RULES_DIR)).sort());
      for (const rule of all) {
        expect(rule.lastEvaluation, rule.name).not.toMatch(/^0001-/);
        expect(rule.health, `${rule.name}: ${rule.lastError}`).toBe("ok");
      }
      return all;
    }, 15_000);

    // Every rule's expression and every panel's, with Grafana's variables filled in.
    const grafanaValues = { __rate_interval: "1m", __interval: "15s", __range: "1h", instance: target.labels.instance!, department: departmentId };
    const expressions = [
      ...rules.map((r) => ({ where: `rule ${r.name}`, expr: r.query })),
      ...dashboards.flatMap(({ file, text }) =>
        parseDashboard(text).panels.flatMap((p) => (p.targets ?? []).map((target, i) => ({ where: `${file}: ${p.title} [${i}]`, expr: toPromQL(target.expr ?? "", grafanaValues) }))),
      ),
    ];
    expect(expressions.length).toBeGreaterThan(50);
    const failures: string[] = [];
    for (const { where, expr } of expressions) {
      const answer = await promApi(compose!, "query", { query: expr });
      if (answer.status !== "success") failures.push(`${where}: ${answer.errorType} ${answer.error}\n  ${expr}`);
    }
    expect(failures).toEqual([]);

    // A few panels show this instance's data, not just "no error".
    const clinic = parseDashboard(dashboards.find((d) => d.file === "clinic.json")!.text);
    const waiting = clinic.panels.find((p) => p.title === "Waiting per department")!;
    expect(await query(toPromQL(waiting.targets![0]!.expr!, grafanaValues))).toEqual([{ metric: { department: departmentId }, value: [expect.any(Number), "1"] }]);
  }, 90_000);

  it("resolves every dashboard variable to values", async () => {
    const grafanaVariables = dashboards.flatMap(({ file, text }) => parseDashboard(text).templating.list.map((v) => ({ file, v })));
    expect(grafanaVariables.length).toBeGreaterThan(0);
    for (const { file, v } of grafanaVariables) {
      const definition = typeof v.query === "string" ? v.query : v.query.query;
      const [, selector, label] = /^label_values\((.+),\s*(\w+)\)$/.exec(definition) ?? [];
      expect(selector, `${file} ${v.name}: ${definition}`).toBeTruthy();
      const answer = await promApi<string[]>(compose!, "series", { "match[]": selector! });
      expect(answer.status, `${file} ${v.name}: ${answer.error}`).toBe("success");
      const found = await query(selector!);
      expect(found.map((s) => s.metric[label!]).filter(Boolean).length, `${file} ${v.name}`).toBeGreaterThan(0);
    }
  });

  it("uses only metrics the app exposes", async () => {
    const exposition = await (await fetch(`${app.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
    const families = new Map([...exposition.matchAll(/^# TYPE (\S+) (\S+)$/gm)].map((m) => [m[1]!, m[2]!]));
    const known = (name: string) =>
      families.has(name) || ["_bucket", "_sum", "_count"].some((suffix) => name.endsWith(suffix) && families.get(name.slice(0, -suffix.length)) === "histogram");
    const texts = [...yamlFiles(RULES_DIR).map((f) => readFileSync(f, "utf8")), ...dashboards.map((d) => d.text)];
    const used = new Set(texts.flatMap((text) => [...text.matchAll(/\b((?:clinicflow|process|nodejs)_[a-z0-9_]+)\b/g)].map((m) => m[1]!)));
    expect(used.size).toBeGreaterThan(15);
    expect([...used].filter((name) => !known(name))).toEqual([]);
  });

  it("the cluster config keeps only the annotated, running app pod, names it by pod, and scrapes it at the annotated port with the token", async () => {
    const { data } = await eventually(async () => {
      const answer = await promApi<TargetsAnswer>(cluster!, "targets");
      expect(answer.data.activeTargets).toHaveLength(1);
      expect(answer.data.activeTargets[0]!.health, answer.data.activeTargets[0]!.lastError).toBe("up");
      return answer;
    }, 20_000);
    const [target] = data.activeTargets;
    expect(target!.labels).toEqual({ job: "clinicflow", instance: "clinicflow-web-5d8f7-x2k4p", namespace: "clinic", pod: "clinicflow-web-5d8f7-x2k4p" });
    expect(target!.scrapeUrl).toBe(`http://127.0.0.1:${app.port}/metrics`);
    expect(data.droppedTargets.map((t) => t.discoveredLabels.__meta_kubernetes_pod_name).sort()).toEqual(["clinicflow-debug", "clinicflow-migrate-8hq2z"]);
  });

  async function values(expr: string): Promise<number[]> {
    return (await query(expr)).map((s) => Number(s.value[1]));
  }
});
