import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { Deployment, StatefulSet, type IDeployment } from "kubernetes-models/apps/v1";
import { Job, type IJob } from "kubernetes-models/batch/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { ConfigMap, Namespace, Secret, Service, type IContainer, type IPodTemplateSpec, type IService } from "kubernetes-models/v1";
import { ConfigError, loadConfig, type Config } from "../../server/config.ts";
import {
  countDocuments,
  hasSchema,
  kustomizeVersion,
  ofKind,
  quantityBytes,
  renderKustomization,
  schemaProblems,
  selectorMatches,
  serviceMonitorProblems,
  serviceMonitorSchema,
  yamlToObjects,
  type LabelSelector,
  type Manifest,
  type Rendered,
} from "./kubernetes.ts";

/**
 * The Kubernetes manifests (k8s/), checked offline: each kustomization renders with
 * `kubectl kustomize`, every object validates against the Kubernetes schemas, and the objects
 * agree with each other and with the app (ports, probe paths, labels, image, shutdown timing,
 * network policies, secrets).
 */
const ROOT = path.resolve(import.meta.dirname, "../..");
const SECRET_TEMPLATE = path.join(ROOT, "k8s/secret.template.yaml");
const VARIANTS = ["k8s/base", "k8s/overlays/dev", "k8s/overlays/prod"] as const;
type Variant = (typeof VARIANTS)[number];

/** Stand-ins that pass server/config.ts, for the values only the Secret holds. */
const VALID_SECRET_VALUES: Record<string, string> = {
  AUTH_SECRET: "a".repeat(32),
  METRICS_TOKEN: "m".repeat(16),
  DATABASE_URL: "postgresql://clinicflow:password@postgresql:5432/clinicflow",
  REDIS_URL: "redis://:password@redis:6379",
};
/** Users of the official node images (the Dockerfile's runtime stage names one of them). */
const IMAGE_USER_IDS: Record<string, number> = { node: 1000, root: 0 };
const MIGRATE_COMMAND = ["node", "--import", "tsx", "scripts/db-migrate.ts"];
/** After SHUTDOWN_TIMEOUT_MS the drain still stops sweepers, Socket.IO, Next.js, Redis and Prisma. */
const DRAIN_TAIL_SECONDS = 5;

const rendered = new Map<Variant, Rendered>();
let secretTemplate: Manifest[] = [];

beforeAll(async () => {
  expect(await kustomizeVersion(), "kubectl's kustomize").toMatch(/^v[5-9]\./);
  const results = await Promise.all(VARIANTS.map((dir) => renderKustomization(path.join(ROOT, dir))));
  VARIANTS.forEach((variant, i) => rendered.set(variant, results[i]!));
  secretTemplate = await yamlToObjects(await readFile(SECRET_TEMPLATE, "utf8"));
});

function objectsOf(variant: Variant): Manifest[] {
  const result = rendered.get(variant);
  if (!result) throw new Error(`${variant} was not rendered`);
  return result.objects;
}

function only<T>(items: readonly T[], what: string): T {
  expect(items, what).toHaveLength(1);
  return items[0]!;
}

function readText(relative: string): Promise<string> {
  return readFile(path.join(ROOT, relative), "utf8");
}

/** The Dockerfile's final stage (`FROM … AS runtime`). */
async function runtimeStage(): Promise<string> {
  const dockerfile = await readText("Dockerfile");
  const stage = dockerfile.split(/^FROM\s+/m).find((s) => /^\S+\s+AS\s+runtime\s*$/im.test(s.split("\n")[0] ?? ""));
  if (!stage) throw new Error("Dockerfile has no runtime stage");
  return stage;
}

interface Workload {
  kind: string;
  name: string;
  template: IPodTemplateSpec;
}

function workloads(objects: Manifest[]): Workload[] {
  return [
    ...ofKind(objects, Deployment.is).map((d) => ({ kind: "Deployment", name: d.metadata?.name ?? "", template: d.spec!.template })),
    ...ofKind(objects, StatefulSet.is).map((s) => ({ kind: "StatefulSet", name: s.metadata?.name ?? "", template: s.spec!.template })),
    ...ofKind(objects, Job.is).map((j) => ({ kind: "Job", name: j.metadata?.name ?? "", template: j.spec!.template })),
  ];
}

const id = (w: Workload) => `${w.kind}/${w.name}`;

function byComponent(objects: Manifest[], name: string, component: string): Workload {
  return only(
    workloads(objects).filter((w) => w.template.metadata?.labels?.["app.kubernetes.io/name"] === name && w.template.metadata.labels["app.kubernetes.io/component"] === component),
    `one workload with pods ${name}/${component}`,
  );
}

function appDeployment(objects: Manifest[]): IDeployment {
  return only(
    ofKind(objects, Deployment.is).filter((d) => d.spec?.template.metadata?.labels?.["app.kubernetes.io/component"] === "app"),
    "one app Deployment",
  );
}

function migrationJob(objects: Manifest[]): IJob {
  return only(
    ofKind(objects, Job.is).filter((j) => j.spec?.template.metadata?.labels?.["app.kubernetes.io/component"] === "migrate"),
    "one migration Job",
  );
}

function appContainer(deployment: IDeployment): IContainer {
  return only(deployment.spec!.template.spec!.containers, "one container in the app pod");
}

/** The container port a probe, Service or NetworkPolicy names (by name or number). */
function containerPort(container: IContainer, port: string | number | undefined): number | undefined {
  if (typeof port === "number") return container.ports?.some((p) => p.containerPort === port) ? port : undefined;
  return container.ports?.find((p) => p.name === port)?.containerPort;
}

function podLabels(template: IPodTemplateSpec): Record<string, string> {
  return template.metadata?.labels ?? {};
}

/** The settings the app container starts with: its ConfigMap and literal env, secrets stood in. */
function appEnvironment(objects: Manifest[], container: IContainer): Record<string, string> {
  const configMapNames = (container.envFrom ?? []).flatMap((source) => (source.configMapRef?.name ? [source.configMapRef.name] : []));
  const configMaps = ofKind(objects, ConfigMap.is).filter((c) => configMapNames.includes(c.metadata?.name ?? ""));
  expect(configMaps.map((c) => c.metadata?.name).sort(), "every ConfigMap the app reads is rendered").toEqual([...configMapNames].sort());
  const literal = Object.fromEntries((container.env ?? []).flatMap((e) => (e.value !== undefined ? [[e.name, e.value]] : [])));
  const fromSecrets = Object.fromEntries(
    (container.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [[e.name, VALID_SECRET_VALUES[e.name] ?? "secret"]] : [])),
  );
  return { ...Object.fromEntries(configMaps.flatMap((c) => Object.entries(c.data ?? {}))), ...literal, ...fromSecrets };
}

const NODE_ENVS = ["development", "production", "test"] as const;

/** server/config.ts on a plain map (NodeJS.ProcessEnv types NODE_ENV more narrowly than a ConfigMap can). */
function loadAppConfig(env: Record<string, string | undefined>): Config {
  const nodeEnv = NODE_ENVS.find((value) => value === (env.NODE_ENV ?? "production"));
  if (!nodeEnv) throw new ConfigError(`Invalid environment:\n  NODE_ENV: ${env.NODE_ENV}`);
  return loadConfig({ ...env, NODE_ENV: nodeEnv });
}

function appConfig(objects: Manifest[]): { env: Record<string, string>; config: Config } {
  const env = appEnvironment(objects, appContainer(appDeployment(objects)));
  return { env, config: loadAppConfig(env) };
}

function appService(objects: Manifest[]): IService {
  const pods = podLabels(appDeployment(objects).spec!.template);
  return only(
    ofKind(objects, Service.is).filter((s) => s.spec?.selector && selectorMatches({ matchLabels: s.spec.selector }, pods)),
    "one Service in front of the app pods",
  );
}

function preStopSleepSeconds(container: IContainer): number {
  const command = container.lifecycle?.preStop?.exec?.command ?? [];
  expect(command[0], "preStop runs `sleep <seconds>`").toBe("sleep");
  const seconds = Number(command[1]);
  expect(Number.isInteger(seconds) && seconds > 0, `preStop sleep ${command[1]} is a whole number of seconds`).toBe(true);
  return seconds;
}

function annotation(object: Manifest | { metadata?: { annotations?: Record<string, string> } }, key: string): string | undefined {
  return object.metadata?.annotations?.[key];
}

/** The App Router file that serves a path (no dynamic segments or route groups in these paths). */
function routeFile(urlPath: string): string {
  return path.join("app", ...urlPath.split("/").filter(Boolean), "route.ts");
}

function exportsGet(source: string): boolean {
  return /export\s+(async\s+)?function\s+GET\s*\(|export\s+const\s+GET\s*=/.test(source);
}

/** The `job` values monitoring/rules/ select (`{job="…"}`). */
async function alertRuleJobs(): Promise<string[]> {
  const dir = path.join(ROOT, "monitoring/rules");
  const files = (await readdir(dir)).filter((f) => f.endsWith(".yml"));
  const sources = await Promise.all(files.map((f) => readFile(path.join(dir, f), "utf8")));
  return [...new Set(sources.flatMap((source) => [...source.matchAll(/\bjob="([^"]+)"/g)].map((m) => m[1]!)))];
}

describe("the helpers these checks rely on", () => {
  it("reject a misspelt field, a wrong type and an unknown kind", async () => {
    const [deployment, unknownKind] = await yamlToObjects(`
apiVersion: apps/v1
kind: Deployment
metadata: { name: broken }
spec:
  replicas: "two"
  selector: { matchLabels: { app: broken } }
  template:
    metadata: { labels: { app: broken } }
    spec:
      containers:
        - name: app
          image: app
          readinesProbe: { httpGet: { path: /, port: 80 } }
---
apiVersion: example.com/v1
kind: Widget
metadata: { name: w }
`);
    const problems = schemaProblems(deployment!);
    expect(problems.some((p) => p.includes("/spec/replicas"))).toBe(true);
    expect(problems).toContain("unknown field .spec.template.spec.containers[0].readinesProbe");
    expect(schemaProblems(unknownKind!)).toEqual(["no Kubernetes schema for example.com/v1 Widget"]);
    expect(countDocuments("kind: A\n---\nkind: B\n")).toBe(2);
  });

  it("match label selectors the way Kubernetes does", () => {
    const labels = { app: "x", tier: "web" };
    expect(selectorMatches({}, labels)).toBe(true);
    expect(selectorMatches(undefined, labels)).toBe(false);
    expect(selectorMatches({ matchLabels: { app: "x" } }, labels)).toBe(true);
    expect(selectorMatches({ matchLabels: { app: "y" } }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "tier", operator: "In", values: ["db"] }] }, labels)).toBe(false);
    expect(selectorMatches({ matchExpressions: [{ key: "db", operator: "DoesNotExist" }] }, labels)).toBe(true);
  });

  it("reject a ServiceMonitor without endpoints or with a misspelt field", () => {
    const base = { apiVersion: "monitoring.coreos.com/v1", kind: "ServiceMonitor", metadata: { name: "m" } };
    expect(serviceMonitorProblems({ ...base, spec: { selector: {}, endpoints: [{ port: "http" }] } })).toEqual([]);
    expect(serviceMonitorProblems({ ...base, spec: { selector: {}, endpoints: [] } })).not.toEqual([]);
    expect(serviceMonitorProblems({ ...base, spec: { selector: {}, endpoints: [{ port: "http", intervall: "30s" }] } })).not.toEqual([]);
  });

  it("read Kubernetes quantities", () => {
    expect(quantityBytes("1Gi")).toBe(2 ** 30);
    expect(quantityBytes("768Mi")).toBe(768 * 2 ** 20);
    expect(quantityBytes("200M")).toBe(200e6);
  });
});

describe("the probe and metrics endpoints exist in the app", () => {
  it.each(["/api/health", "/api/ready"])("%s is an App Router route handler exporting GET", async (urlPath) => {
    const file = routeFile(urlPath);
    expect(existsSync(path.join(ROOT, file)), `${file} exists`).toBe(true);
    expect(exportsGet(await readText(file)), `${file} exports GET`).toBe(true);
  });

  it("/api/health answers 200 without any dependency", async () => {
    const { GET } = await import("../../app/api/health/route.ts");
    const response = GET();
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: "ok" });
  });

  it("/metrics is answered by the custom server", async () => {
    expect(await readText("server/app.ts")).toMatch(/pathname === "\/metrics"/);
  });
});

describe("the Secret template", () => {
  it("is one valid Secret holding nothing but placeholders", () => {
    const secret = only(ofKind(secretTemplate, Secret.is), "one Secret in the template");
    expect(secretTemplate).toHaveLength(1);
    expect(schemaProblems(secretTemplate[0]!)).toEqual([]);
    expect(secret.data, "no base64 `data`: values could hide there").toBeUndefined();
    const values = Object.values(secret.stringData ?? {});
    expect(values.length).toBeGreaterThan(0);
    for (const value of values) expect(value).toBe("REPLACE_ME");
  });

  it("cannot start the app if applied unedited: every placeholder fails server/config.ts", async () => {
    const secret = only(ofKind(secretTemplate, Secret.is), "one Secret in the template");
    const { env } = appConfig(objectsOf("k8s/overlays/prod"));
    const appKeys = Object.keys(VALID_SECRET_VALUES);
    for (const key of appKeys) {
      expect(secret.stringData?.[key], `the template has ${key}`).toBe("REPLACE_ME");
      const attempt = () => loadAppConfig({ ...env, [key]: secret.stringData?.[key] });
      expect(attempt, `${key}=REPLACE_ME is refused`).toThrow(ConfigError);
      expect(attempt).toThrow(key);
    }
  });
});

describe.each(VARIANTS)("%s", (variant) => {
  const objects = () => objectsOf(variant);

  it("renders, and every object validates against its schema (strict: no unknown fields)", () => {
    const result = rendered.get(variant)!;
    expect(result.objects.length).toBeGreaterThan(0);
    expect(result.objects, "every rendered document was parsed").toHaveLength(result.documentCount);
    const problems = result.objects.flatMap((object) => {
      const found = object.kind === "ServiceMonitor" ? serviceMonitorProblems(object) : schemaProblems(object);
      return found.map((problem) => `${object.kind}/${object.metadata.name}: ${problem}`);
    });
    expect(problems).toEqual([]);
    const kinds = result.objects.filter((o) => !hasSchema(o)).map((o) => o.kind);
    expect(kinds.filter((k) => k !== "ServiceMonitor"), "only the ServiceMonitor goes without a Kubernetes schema").toEqual([]);
    const ids = result.objects.map((o) => `${o.kind}/${o.metadata.name}`);
    expect(new Set(ids).size, "no two objects share kind and name").toBe(ids.length);
  });

  it("puts everything in its one Namespace, which enforces the restricted Pod Security Standard", () => {
    const namespace = only(ofKind(objects(), Namespace.is), "one Namespace");
    expect(namespace.metadata?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    const elsewhere = objects().filter((o) => o.kind !== "Namespace" && o.metadata.namespace !== namespace.metadata?.name);
    expect(elsewhere.map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([]);
  });

  it("points ports and probes at what the app serves", async () => {
    const deployment = appDeployment(objects());
    const container = appContainer(deployment);
    const { config } = appConfig(objects());
    expect(config.HOST, "listens on the pod IP, where the kubelet probes").toBe("0.0.0.0");
    const http = containerPort(container, "http");
    expect(http, "the container port is the app's PORT").toBe(config.PORT);
    expect(await runtimeStage()).toMatch(new RegExp(`^EXPOSE\\s+${http}\\s*$`, "m"));

    const probes = { startup: container.startupProbe, liveness: container.livenessProbe, readiness: container.readinessProbe };
    expect(probes.liveness?.httpGet?.path).toBe("/api/health");
    expect(probes.readiness?.httpGet?.path).toBe("/api/ready");
    expect(probes.startup?.httpGet?.path).toBe("/api/health");
    for (const [kind, probe] of Object.entries(probes)) {
      expect(containerPort(container, probe?.httpGet?.port), `${kind} probe port`).toBe(http);
      const file = routeFile(probe!.httpGet!.path!);
      expect(existsSync(path.join(ROOT, file)) && exportsGet(await readText(file)), `${kind} probe path is served by ${file}`).toBe(true);
    }
    // The liveness probe may not restart pods while the startup probe still waits for boot.
    const startupBudget = (probes.startup?.periodSeconds ?? 10) * (probes.startup?.failureThreshold ?? 3);
    expect(startupBudget, "seconds allowed for boot").toBeGreaterThanOrEqual(120);

    const service = appService(objects());
    expect(service.spec?.ports?.length).toBeGreaterThan(0);
    for (const port of service.spec!.ports!) {
      expect(containerPort(container, port.targetPort ?? port.port), `Service port ${port.name} reaches the container port`).toBe(http);
    }
  });

  it("routes the Ingress (pages, API and the Socket.IO WebSocket) to the app Service on PUBLIC_URL's host", () => {
    const service = appService(objects());
    const ingress = only(ofKind(objects(), Ingress.is), "one Ingress");
    const { config } = appConfig(objects());
    expect(config.PUBLIC_URL, "PUBLIC_URL is set: Socket.IO accepts that origin").toBeDefined();
    const publicUrl = new URL(config.PUBLIC_URL!);
    const rules = ingress.spec?.rules ?? [];
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      expect(rule.host, "the Ingress host is PUBLIC_URL's host").toBe(publicUrl.host);
      for (const entry of rule.http?.paths ?? []) {
        const backend = entry.backend.service;
        expect(backend?.name).toBe(service.metadata?.name);
        const port = service.spec?.ports?.find((p) => (backend?.port?.name !== undefined ? p.name === backend.port.name : p.port === backend?.port?.number));
        expect(port, `the Service has port ${backend?.port?.name ?? backend?.port?.number}`).toBeDefined();
      }
      expect(
        rule.http?.paths.some((p) => p.path === "/" && p.pathType === "Prefix"),
        "a Prefix / path covers /socket.io and every page",
      ).toBe(true);
    }
    const tlsHosts = (ingress.spec?.tls ?? []).flatMap((t) => t.hosts ?? []);
    expect(tlsHosts.includes(publicUrl.host), "TLS on the host exactly when PUBLIC_URL is https").toBe(publicUrl.protocol === "https:");
    expect(config.TRUST_PROXY, "behind the ingress controller the client IP comes from X-Forwarded-For").toBe(true);
  });

  it("needs no session affinity because Socket.IO is WebSocket-only (or else sets cookie affinity)", async () => {
    const gateway = await readText("server/gateway/create-gateway.ts");
    const transports = /transports:\s*\[([^\]]*)\]/.exec(gateway)?.[1];
    expect(transports, "the gateway names its transports").toBeDefined();
    const websocketOnly = transports!.replace(/\s/g, "") === '"websocket"';
    const ingress = only(ofKind(objects(), Ingress.is), "one Ingress");
    const affinity = annotation(ingress, "nginx.ingress.kubernetes.io/affinity");
    expect(websocketOnly || affinity === "cookie", "long-polling needs every request of a session on one pod").toBe(true);
    // WebSockets stay open between Socket.IO pings (every 20 s).
    expect(Number(annotation(ingress, "nginx.ingress.kubernetes.io/proxy-read-timeout") ?? 60)).toBeGreaterThan(20);
  });

  it("selects the app pods, and only them, from every Service, autoscaler, budget, spread and monitor", async () => {
    const all = workloads(objects());
    const deployment = appDeployment(objects());
    const app = all.find((w) => w.kind === "Deployment" && w.name === deployment.metadata?.name)!;
    const pods = podLabels(app.template);
    const others = all.filter((w) => id(w) !== id(app));
    const selectsOnlyApp = (selector: Parameters<typeof selectorMatches>[0], what: string) => {
      expect(selectorMatches(selector, pods), `${what} selects the app pods`).toBe(true);
      const stray = others.filter((w) => selectorMatches(selector, podLabels(w.template)));
      expect(stray.map(id), `${what} selects no other pods`).toEqual([]);
    };

    selectsOnlyApp(deployment.spec?.selector, "the Deployment's selector");
    const service = appService(objects());
    selectsOnlyApp({ matchLabels: service.spec?.selector }, `Service ${service.metadata?.name}`);
    for (const spread of deployment.spec?.template.spec?.topologySpreadConstraints ?? []) selectsOnlyApp(spread.labelSelector, "a topology spread");
    for (const pdb of ofKind(objects(), PodDisruptionBudget.is)) selectsOnlyApp(pdb.spec?.selector, `PodDisruptionBudget ${pdb.metadata?.name}`);
    for (const hpa of ofKind(objects(), HorizontalPodAutoscaler.is)) {
      expect(hpa.spec?.scaleTargetRef).toEqual({ apiVersion: "apps/v1", kind: "Deployment", name: deployment.metadata?.name });
    }
    const appPolicies = ofKind(objects(), NetworkPolicy.is).filter((p) => p.spec?.podSelector.matchLabels && selectorMatches(p.spec.podSelector, pods));
    const http = containerPort(appContainer(deployment), "http");
    expect(
      appPolicies.some((p) => p.spec?.ingress?.some((rule) => rule.ports?.some((port) => containerPort(appContainer(deployment), port.port) === http))),
      "a NetworkPolicy for the app pods opens the app port",
    ).toBe(true);
    for (const policy of appPolicies) selectsOnlyApp(policy.spec?.podSelector, `NetworkPolicy ${policy.metadata?.name}`);

    for (const object of objects().filter((o) => o.kind === "ServiceMonitor")) {
      const monitor = serviceMonitorSchema.parse(object);
      expect(selectorMatches(monitor.spec.selector, service.metadata?.labels), "the ServiceMonitor selects the app Service").toBe(true);
      for (const endpoint of monitor.spec.endpoints) {
        expect(service.spec?.ports?.map((p) => p.name), "the ServiceMonitor scrapes a named Service port").toContain(endpoint.port);
        expect(endpoint.path).toBe("/metrics");
        expect(endpoint.authorization?.credentials?.key, "the scrape sends METRICS_TOKEN").toBe("METRICS_TOKEN");
      }
      // Prometheus Operator: the job is the Service's `jobLabel` label, or else the Service's name.
      const job = monitor.spec.jobLabel ? service.metadata?.labels?.[monitor.spec.jobLabel] : service.metadata?.name;
      expect(await alertRuleJobs(), "the alert rules select the ServiceMonitor's job").toEqual([job]);
    }
  });

  it("annotates the app pods for a plain Prometheus (scrape, port, /metrics)", () => {
    const deployment = appDeployment(objects());
    const template = deployment.spec!.template;
    expect(annotation(template, "prometheus.io/scrape")).toBe("true");
    expect(Number(annotation(template, "prometheus.io/port"))).toBe(containerPort(appContainer(deployment), "http"));
    expect(annotation(template, "prometheus.io/path")).toBe("/metrics");
  });

  it("runs the same image in the app Deployment and the migration Job", () => {
    const deployment = appDeployment(objects());
    const job = migrationJob(objects());
    const images = [
      ...deployment.spec!.template.spec!.containers,
      ...(deployment.spec!.template.spec!.initContainers ?? []),
      ...job.spec!.template.spec!.containers,
      ...(job.spec!.template.spec!.initContainers ?? []),
    ].map((c) => c.image);
    expect(new Set(images).size, `one image: ${images.join(", ")}`).toBe(1);
    expect(images[0]).toBeTruthy();
  });

  it("migrates with the image's migration script, once, before the app rolls out", async () => {
    const job = migrationJob(objects());
    const container = only(job.spec!.template.spec!.containers, "one container in the Job");
    expect([...(container.command ?? []), ...(container.args ?? [])]).toEqual(MIGRATE_COMMAND);
    expect(existsSync(path.join(ROOT, MIGRATE_COMMAND.at(-1)!))).toBe(true);
    const runtime = await runtimeStage();
    for (const dir of ["scripts", "prisma", "server", "node_modules"]) {
      expect(runtime, `the image holds ${dir}/`).toMatch(new RegExp(`^COPY\\s.*\\s\\./${dir}\\s*$`, "m"));
    }
    const databaseUrl = (c: IContainer | undefined) => c?.env?.find((e) => e.name === "DATABASE_URL")?.valueFrom?.secretKeyRef;
    expect(databaseUrl(container), "the Job migrates the database the app uses").toEqual(databaseUrl(appContainer(appDeployment(objects()))));
    expect(["Never", "OnFailure"]).toContain(job.spec?.template.spec?.restartPolicy);
    expect(job.spec?.backoffLimit ?? 6, "retries while PostgreSQL starts").toBeGreaterThan(0);
    // kubectl upgrades apply the Job first with this selector (k8s/README.md, "Upgrade"): it
    // must bring along every ConfigMap the Job reads, and nothing that runs pods but the Job.
    const upgradeFirst: LabelSelector = { matchExpressions: [{ key: "app.kubernetes.io/component", operator: "In", values: ["config", "migrate"] }] };
    const selected = objects().filter((o) => selectorMatches(upgradeFirst, o.metadata.labels));
    const readsConfigMaps = (container.envFrom ?? []).flatMap((source) => (source.configMapRef ? [source.configMapRef.name] : []));
    for (const name of readsConfigMaps) expect(selected.map((o) => `${o.kind}/${o.metadata.name}`)).toContain(`ConfigMap/${name}`);
    expect(selected.filter((o) => o.kind !== "ConfigMap").map((o) => `${o.kind}/${o.metadata.name}`)).toEqual([`Job/${job.metadata?.name}`]);
    // Argo CD: a hook recreated on every sync, in an earlier wave than the Deployment.
    expect(annotation(job, "argocd.argoproj.io/hook")).toMatch(/^(PreSync|Sync)$/);
    expect(annotation(job, "argocd.argoproj.io/hook-delete-policy")).toBe("BeforeHookCreation");
    const wave = (o: { metadata?: { annotations?: Record<string, string> } }) => Number(annotation(o, "argocd.argoproj.io/sync-wave") ?? 0);
    expect(wave(job)).toBeLessThan(wave(appDeployment(objects())));
  });

  it("runs every pod as non-root, unprivileged, on a read-only root file system, with resources", async () => {
    for (const { kind, name, template } of workloads(objects())) {
      const pod = template.spec!;
      const where = `${kind}/${name}`;
      expect(pod.automountServiceAccountToken, `${where} mounts no API token`).toBe(false);
      for (const container of [...pod.containers, ...(pod.initContainers ?? [])]) {
        const at = `${where} ${container.name}`;
        const context = container.securityContext ?? {};
        expect(context.runAsNonRoot ?? pod.securityContext?.runAsNonRoot, `${at} runAsNonRoot`).toBe(true);
        expect(context.runAsUser ?? pod.securityContext?.runAsUser, `${at} runs as a non-zero uid`).toBeGreaterThan(0);
        expect((context.seccompProfile ?? pod.securityContext?.seccompProfile)?.type, `${at} seccomp`).toBe("RuntimeDefault");
        expect(context.allowPrivilegeEscalation, `${at} allowPrivilegeEscalation`).toBe(false);
        expect(context.privileged ?? false, `${at} privileged`).toBe(false);
        expect(context.capabilities?.drop, `${at} drops all capabilities`).toContain("ALL");
        expect(context.capabilities?.add ?? [], `${at} adds no capabilities`).toEqual([]);
        expect(context.readOnlyRootFilesystem, `${at} readOnlyRootFilesystem`).toBe(true);
        expect(container.resources?.requests?.cpu, `${at} requests CPU`).toBeDefined();
        expect(container.resources?.requests?.memory, `${at} requests memory`).toBeDefined();
        expect(container.resources?.limits?.memory, `${at} limits memory`).toBeDefined();
      }
    }

    // The image's user: the app and the Job run as the Dockerfile's USER.
    const user = /^USER\s+(\S+)\s*$/m.exec(await runtimeStage())?.[1];
    expect(user, "the runtime stage sets USER").toBeDefined();
    const uid = /^\d+$/.test(user!) ? Number(user) : IMAGE_USER_IDS[user!];
    for (const template of [appDeployment(objects()).spec!.template, migrationJob(objects()).spec!.template]) {
      expect(template.spec?.securityContext?.runAsUser, `runAsUser is the image's ${user}`).toBe(uid);
    }
  });

  it("gives the app writable emptyDirs exactly where it writes: DATA_DIR, /tmp and Next's cache", async () => {
    const deployment = appDeployment(objects());
    const container = appContainer(deployment);
    const { config } = appConfig(objects());
    expect(await runtimeStage(), "DATA_DIR is the image's").toMatch(new RegExp(`DATA_DIR=${config.dataDir.replace(/[.]/g, "\\.")}\\b`));
    const emptyDirs = new Set((deployment.spec!.template.spec!.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
    const writable = (container.volumeMounts ?? []).filter((m) => emptyDirs.has(m.name) && !m.readOnly).map((m) => m.mountPath);
    expect(writable.sort()).toEqual([config.dataDir, "/app/.next/cache", "/tmp"].sort());

    const job = migrationJob(objects());
    const jobEmptyDirs = new Set((job.spec!.template.spec!.volumes ?? []).filter((v) => v.emptyDir).map((v) => v.name));
    const jobMounts = only(job.spec!.template.spec!.containers, "one Job container").volumeMounts ?? [];
    expect(jobMounts.filter((m) => jobEmptyDirs.has(m.name)).map((m) => m.mountPath), "tsx caches in /tmp").toContain("/tmp");
  });

  it("keeps V8's heap below the app container's memory limit", () => {
    const { env } = appConfig(objects());
    const container = appContainer(appDeployment(objects()));
    const heapMiB = Number(/--max-old-space-size=(\d+)/.exec(env.NODE_OPTIONS ?? "")?.[1]);
    expect(heapMiB, "NODE_OPTIONS sets --max-old-space-size").toBeGreaterThan(0);
    expect(heapMiB * 2 ** 20).toBeLessThan(quantityBytes(container.resources!.limits!.memory!));
  });

  it("gives the drain time to finish: termination grace > preStop sleep + SHUTDOWN_TIMEOUT_MS", () => {
    const deployment = appDeployment(objects());
    const { config } = appConfig(objects());
    const sleep = preStopSleepSeconds(appContainer(deployment));
    const grace = deployment.spec?.template.spec?.terminationGracePeriodSeconds ?? 30;
    expect(sleep, "the preStop sleep outlasts endpoint removal").toBeGreaterThanOrEqual(5);
    expect(grace).toBeGreaterThanOrEqual(sleep + config.SHUTDOWN_TIMEOUT_MS / 1000 + DRAIN_TAIL_SECONDS);
  });

  it("lets only the app (and the migration Job) reach PostgreSQL, and only the app reach Redis", () => {
    const all = workloads(objects());
    const app = byComponent(objects(), "clinicflow", "app");
    const migrate = byComponent(objects(), "clinicflow", "migrate");
    const policies = ofKind(objects(), NetworkPolicy.is);
    const backends = [
      { backend: byComponent(objects(), "postgresql", "database"), port: "postgresql", allowed: [app, migrate] },
      { backend: byComponent(objects(), "redis", "cache"), port: "redis", allowed: [app] },
    ];
    for (const { backend, port, allowed } of backends) {
      const where = `${backend.kind}/${backend.name}`;
      const container = only(backend.template.spec!.containers, `one container in ${where}`);
      const backendPort = containerPort(container, port);
      expect(backendPort, `${where} has port ${port}`).toBeDefined();
      const guarding = policies.filter((p) => selectorMatches(p.spec?.podSelector, podLabels(backend.template)) && (p.spec?.policyTypes ?? ["Ingress"]).includes("Ingress"));
      expect(guarding.length, `a NetworkPolicy isolates ${where}`).toBeGreaterThan(0);
      const rules = guarding.flatMap((p) => p.spec?.ingress ?? []);
      for (const rule of rules) {
        expect(rule.from?.length ?? 0, `every rule to ${where} names its peers (no rule open to all)`).toBeGreaterThan(0);
        for (const peer of rule.from ?? []) {
          expect(peer.ipBlock, `no address block reaches ${where}`).toBeUndefined();
          expect(peer.namespaceSelector, `no other namespace reaches ${where}`).toBeUndefined();
          const reached = all.filter((w) => selectorMatches(peer.podSelector, podLabels(w.template)));
          const allowedIds = allowed.map(id);
          expect(reached.map(id).filter((w) => !allowedIds.includes(w)), `only allowed pods reach ${where}`).toEqual([]);
        }
      }
      for (const client of allowed) {
        const allowedHere = rules.some(
          (rule) =>
            (rule.from ?? []).some((peer) => selectorMatches(peer.podSelector, podLabels(client.template))) &&
            (rule.ports ?? []).some((p) => containerPort(container, p.port) === backendPort),
        );
        expect(allowedHere, `${client.kind}/${client.name} reaches ${where} on ${backendPort}`).toBe(true);
      }
    }
  });

  it("gives the app only valid settings that it knows, and a pool PostgreSQL can hold", () => {
    const deployment = appDeployment(objects());
    const container = appContainer(deployment);
    const configMapNames = (container.envFrom ?? []).flatMap((s) => (s.configMapRef ? [s.configMapRef.name] : []));
    const { config } = appConfig(objects());
    const known = new Set([...Object.keys(config), "NODE_OPTIONS"]);
    const keys = ofKind(objects(), ConfigMap.is)
      .filter((c) => configMapNames.includes(c.metadata?.name ?? ""))
      .flatMap((c) => Object.keys(c.data ?? {}));
    expect(keys.filter((k) => !known.has(k)), "ConfigMap keys server/config.ts does not read").toEqual([]);
    // The demo clinic's password is published: only a dev cluster may seed it.
    if (variant !== "k8s/overlays/dev") expect(config.SEED_DEMO).toBe("never");

    const postgres = byComponent(objects(), "postgresql", "database");
    const args = only(postgres.template.spec!.containers, "one PostgreSQL container").args ?? [];
    const maxConnections = Number(/^max_connections=(\d+)$/.exec(args[args.indexOf("-c") + 1] ?? "")?.[1] ?? 100);
    const hpa = ofKind(objects(), HorizontalPodAutoscaler.is)[0];
    const maxPods = hpa?.spec?.maxReplicas ?? deployment.spec?.replicas ?? 1;
    // Each pod's pool, a rolling update's extra pod, and the migration Job.
    expect((maxPods + 1) * config.DATABASE_POOL_MAX + 1).toBeLessThanOrEqual(maxConnections);
  });

  it("reads secrets only from the Secret template's keys, and renders no Secret itself", () => {
    expect(ofKind(objects(), Secret.is).map((s) => s.metadata?.name), "no Secret (with placeholders or real values) is applied").toEqual([]);
    const template = only(ofKind(secretTemplate, Secret.is), "one Secret in the template");
    const keys = Object.keys(template.stringData ?? {});
    const references = workloads(objects()).flatMap(({ kind, name, template: pod }) =>
      [...pod.spec!.containers, ...(pod.spec!.initContainers ?? [])].flatMap((c) =>
        (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [{ at: `${kind}/${name} ${e.name}`, ...e.valueFrom.secretKeyRef }] : [])),
      ),
    );
    for (const object of objects().filter((o) => o.kind === "ServiceMonitor")) {
      for (const endpoint of serviceMonitorSchema.parse(object).spec.endpoints) {
        if (endpoint.authorization?.credentials) references.push({ at: `ServiceMonitor ${object.metadata.name}`, ...endpoint.authorization.credentials });
      }
    }
    expect(references.length).toBeGreaterThan(0);
    for (const ref of references) {
      expect(ref.name, `${ref.at} reads the templated Secret`).toBe(template.metadata?.name);
      expect(keys, `${ref.at} reads a key the template defines`).toContain(ref.key);
    }
    const appSecretEnv = (appContainer(appDeployment(objects())).env ?? []).filter((e) => e.valueFrom?.secretKeyRef).map((e) => e.name);
    expect(appSecretEnv.sort(), "the app's secrets").toEqual(Object.keys(VALID_SECRET_VALUES).sort());
  });

  it("keeps a PostgreSQL StatefulSet on a PersistentVolumeClaim behind its governing Service", () => {
    const statefulSet = only(ofKind(objects(), StatefulSet.is), "one StatefulSet");
    const claims = statefulSet.spec?.volumeClaimTemplates ?? [];
    expect(claims.length).toBeGreaterThan(0);
    const container = only(statefulSet.spec!.template.spec!.containers, "one PostgreSQL container");
    for (const claim of claims) {
      expect(claim.spec?.resources?.requests?.storage, `claim ${claim.metadata?.name} asks for storage`).toBeDefined();
      expect(container.volumeMounts?.map((m) => m.name), `claim ${claim.metadata?.name} is mounted`).toContain(claim.metadata?.name);
    }
    const service = only(
      ofKind(objects(), Service.is).filter((s) => s.metadata?.name === statefulSet.spec?.serviceName),
      "the StatefulSet's governing Service",
    );
    expect(service.spec?.clusterIP).toBe("None");
    expect(selectorMatches({ matchLabels: service.spec?.selector }, podLabels(statefulSet.spec!.template))).toBe(true);
  });

  it("keeps at least two app pods wherever a disruption budget or autoscaler runs, without blocking drains", () => {
    const deployment = appDeployment(objects());
    const hpa = ofKind(objects(), HorizontalPodAutoscaler.is);
    const pdb = ofKind(objects(), PodDisruptionBudget.is);
    expect(hpa.length, "an autoscaler and a disruption budget come together").toBe(pdb.length);
    if (hpa.length === 0) {
      expect(deployment.spec?.replicas, "without an autoscaler the Deployment sets its count").toBeGreaterThanOrEqual(1);
      return;
    }
    const minReplicas = only(hpa, "one autoscaler").spec?.minReplicas ?? 1;
    expect(minReplicas).toBeGreaterThanOrEqual(2);
    // A `replicas` below the autoscaler's minimum would shrink the app on every apply.
    expect(deployment.spec?.replicas ?? minReplicas).toBeGreaterThanOrEqual(minReplicas);
    const budget = only(pdb, "one disruption budget").spec!;
    const disruptible = budget.maxUnavailable !== undefined ? Number(budget.maxUnavailable) : minReplicas - Number(budget.minAvailable);
    expect(disruptible, "a drain may take a pod (an integer budget)").toBeGreaterThanOrEqual(1);
    expect(disruptible, "a drain leaves a pod serving").toBeLessThan(minReplicas);
  });
});

describe("k8s/overlays/prod", () => {
  const objects = () => objectsOf("k8s/overlays/prod");

  it("runs at least two app pods", () => {
    const hpa = only(ofKind(objects(), HorizontalPodAutoscaler.is), "one autoscaler");
    expect(hpa.spec?.minReplicas).toBeGreaterThanOrEqual(2);
    expect(hpa.spec?.maxReplicas).toBeGreaterThanOrEqual(hpa.spec?.minReplicas ?? 0);
  });

  it("pins a released image from a registry", () => {
    const image = appContainer(appDeployment(objects())).image ?? "";
    expect(image, "registry/repository").toMatch(/^[^/]+\.[^/]+\/.+/);
    expect(image, "a tag or digest other than latest").toMatch(/(:(?!latest$)[\w][\w.-]*|@sha256:[0-9a-f]{64})$/);
  });

  it("serves https, never seeds the demo clinic, and has a ServiceMonitor", () => {
    const { config } = appConfig(objects());
    expect(config.PUBLIC_URL).toMatch(/^https:\/\//);
    expect(config.SEED_DEMO).toBe("never");
    expect(objects().filter((o) => o.kind === "ServiceMonitor")).toHaveLength(1);
  });
});

describe("k8s/overlays/dev", () => {
  it("runs one app pod with the demo clinic and no ServiceMonitor", () => {
    const objects = objectsOf("k8s/overlays/dev");
    expect(appDeployment(objects).spec?.replicas).toBe(1);
    expect(appConfig(objects).config.SEED_DEMO).toBe("always");
    expect(objects.filter((o) => o.kind === "ServiceMonitor")).toEqual([]);
  });
});
