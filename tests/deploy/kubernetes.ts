import { execFile } from "node:child_process";
import { z } from "zod";
import { ConfigMap, Namespace, Secret, Service } from "kubernetes-models/v1";
import { Deployment, StatefulSet } from "kubernetes-models/apps/v1";
import { Job } from "kubernetes-models/batch/v1";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { Ingress, NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";

/**
 * Offline checks of the manifests in k8s/: render a kustomization with kubectl, turn the YAML
 * into objects, and validate each against the Kubernetes OpenAPI schemas (kubernetes-models).
 */

/** The least every rendered document must be; the schemas check the rest. */
const manifestSchema = z.looseObject({
  apiVersion: z.string().min(1),
  kind: z.string().min(1),
  metadata: z.looseObject({
    name: z.string().min(1),
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
});
export type Manifest = z.infer<typeof manifestSchema>;

function run(command: string, args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(
      command,
      args,
      // No kubeconfig: nothing here may reach a cluster.
      { encoding: "utf8", maxBuffer: 16 * 1024 * 1024, timeout: 60_000, env: { ...process.env, KUBECONFIG: "/dev/null" } },
      (error, stdout, stderr) => (error ? reject(new Error(`${command} ${args.join(" ")} failed: ${stderr || error.message}`)) : resolve(stdout)),
    );
    child.stdin?.end(input ?? "");
  });
}

/**
 * The kustomize built into kubectl, e.g. "v5.5.0". The manifests need kustomize 5 (`labels`,
 * components); Debian's own kubernetes-client (1.20) bundles kustomize 2 and cannot render them.
 */
export async function kustomizeVersion(): Promise<string> {
  const output = await run("kubectl", ["version", "--client", "-o", "json"]).catch((error: unknown) => {
    throw new Error(`kubectl (>= 1.27, with kustomize 5) is needed to render k8s/: ${error instanceof Error ? error.message : String(error)}`);
  });
  return z.object({ kustomizeVersion: z.string() }).parse(JSON.parse(output)).kustomizeVersion;
}

export interface Rendered {
  yaml: string;
  /** Documents in kubectl kustomize's output. */
  documentCount: number;
  objects: Manifest[];
}

/**
 * `kubectl kustomize DIR`, then YAML to JSON with kubectl itself: an empty merge patch applied
 * locally (`kubectl patch --local`) prints each object unchanged, unknown fields included, so
 * the test needs no YAML parser of its own and parses YAML exactly as kubectl does.
 */
export async function renderKustomization(dir: string): Promise<Rendered> {
  const yaml = await run("kubectl", ["kustomize", dir]);
  return { yaml, documentCount: countDocuments(yaml), objects: await yamlToObjects(yaml) };
}

/** Kubernetes objects in a YAML stream (one or more documents), parsed by kubectl. */
export async function yamlToObjects(yaml: string): Promise<Manifest[]> {
  const json = await run("kubectl", ["patch", "--local", "-f", "-", "--type", "merge", "-p", "{}", "-o", "json"], yaml);
  // kubectl prints one indented JSON object after another: each ends with a "}" alone on a line.
  return json
    .trim()
    .split(/(?<=^\})\n(?=\{$)/m)
    .map((text) => manifestSchema.parse(JSON.parse(text)));
}

export function countDocuments(yaml: string): number {
  return yaml.split(/^---$/m).filter((doc) => /^\s*kind:/m.test(doc)).length;
}

interface SchemaModel {
  prototype: { validate(): void };
}

/** The kinds the manifests use, with their schemas. A kind missing here fails validation. */
const MODELS: Record<string, Record<string, SchemaModel>> = {
  v1: { Namespace, ConfigMap, Secret, Service },
  "apps/v1": { Deployment, StatefulSet },
  "batch/v1": { Job },
  "autoscaling/v2": { HorizontalPodAutoscaler },
  "policy/v1": { PodDisruptionBudget },
  "networking.k8s.io/v1": { Ingress, NetworkPolicy },
};

export function hasSchema(object: Manifest): boolean {
  return Boolean(MODELS[object.apiVersion]?.[object.kind]);
}

/**
 * Validates one object against its Kubernetes schema and reports fields the schema does not
 * know. The schemas allow unknown properties, but the API server rejects them (kubectl's
 * default field validation is Strict), and a misspelt `readinesProbe` would otherwise pass
 * unnoticed. Unknown fields are found by watching which properties the validator reads: it
 * reads every property its schema defines, and every key of a map.
 */
export function schemaProblems(object: Manifest): string[] {
  const model = MODELS[object.apiVersion]?.[object.kind];
  if (!model) return [`no Kubernetes schema for ${object.apiVersion} ${object.kind}`];
  const read = new WeakMap<object, Set<string>>();
  const watch = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === "string") {
          const keys = read.get(target) ?? new Set<string>();
          keys.add(key);
          read.set(target, keys);
        }
        return watch(Reflect.get(target, key, receiver));
      },
    });
  };
  const problems: string[] = [];
  try {
    model.prototype.validate.call(watch(object));
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  return [...problems, ...unknownFields(object, "", read).map((path) => `unknown field ${path}`)];
}

function unknownFields(value: unknown, path: string, read: WeakMap<object, Set<string>>): string[] {
  if (Array.isArray(value)) return value.flatMap((item, i) => unknownFields(item, `${path}[${i}]`, read));
  if (value === null || typeof value !== "object") return [];
  const seen = read.get(value);
  // Never looked into: free-form, or below a field already reported.
  if (!seen) return [];
  return Object.entries(value).flatMap(([key, child]) =>
    seen.has(key) ? unknownFields(child, `${path}.${key}`, read) : [`${path}.${key}`],
  );
}

export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

/** Kubernetes label-selector semantics: an empty selector matches everything. */
export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector) return false;
  const own = labels ?? {};
  const byLabels = Object.entries(selector.matchLabels ?? {}).every(([key, value]) => own[key] === value);
  const byExpressions = (selector.matchExpressions ?? []).every(({ key, operator, values = [] }) => {
    switch (operator) {
      case "In":
        return key in own && values.includes(own[key] ?? "");
      case "NotIn":
        return !(key in own) || !values.includes(own[key] ?? "");
      case "Exists":
        return key in own;
      case "DoesNotExist":
        return !(key in own);
      default:
        throw new Error(`unknown selector operator ${operator}`);
    }
  });
  return byLabels && byExpressions;
}

/** A Kubernetes quantity (memory) in bytes: 512Mi, 1Gi, 200M, 1024. */
export function quantityBytes(quantity: string | number): number {
  const match = /^(\d+(?:\.\d+)?)([KMGT]i?|k)?$/.exec(String(quantity));
  if (!match) throw new Error(`unsupported quantity ${quantity}`);
  const units: Record<string, number> = { "": 1, k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
  return Number(match[1]) * (units[match[2] ?? ""] ?? Number.NaN);
}

/** Objects of one kind, typed by its kubernetes-models guard (apiVersion and kind). */
export function ofKind<T>(objects: readonly Manifest[], guard: (value: unknown) => value is T): T[] {
  const found: T[] = [];
  for (const object of objects) if (guard(object)) found.push(object);
  return found;
}

// ServiceMonitor is a custom resource (monitoring.coreos.com/v1) and kubernetes-models has no
// schema for it. This is the part of the Prometheus Operator's CRD schema that the manifests
// use, written by hand: the CRD's required fields (spec, spec.selector, spec.endpoints), its
// duration pattern, and strict objects so that a misspelt field fails. A field the CRD has but
// this list lacks fails too: add it here after checking the CRD.
const duration = z.string().regex(/^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/);
const secretKeySelector = z.strictObject({ name: z.string().min(1), key: z.string().min(1), optional: z.boolean().optional() });
export const serviceMonitorSchema = z.strictObject({
  apiVersion: z.literal("monitoring.coreos.com/v1"),
  kind: z.literal("ServiceMonitor"),
  metadata: manifestSchema.shape.metadata,
  spec: z.strictObject({
    selector: z.strictObject({
      matchLabels: z.record(z.string(), z.string()).optional(),
      matchExpressions: z
        .array(z.strictObject({ key: z.string(), operator: z.enum(["In", "NotIn", "Exists", "DoesNotExist"]), values: z.array(z.string()).optional() }))
        .optional(),
    }),
    namespaceSelector: z.strictObject({ any: z.boolean().optional(), matchNames: z.array(z.string()).optional() }).optional(),
    jobLabel: z.string().optional(),
    targetLabels: z.array(z.string()).optional(),
    podTargetLabels: z.array(z.string()).optional(),
    endpoints: z
      .array(
        z.strictObject({
          port: z.string().min(1).optional(),
          targetPort: z.union([z.string(), z.number().int()]).optional(),
          path: z.string().startsWith("/").optional(),
          scheme: z.enum(["http", "https"]).optional(),
          interval: duration.optional(),
          scrapeTimeout: duration.optional(),
          honorLabels: z.boolean().optional(),
          authorization: z.strictObject({ type: z.string().optional(), credentials: secretKeySelector.optional() }).optional(),
          relabelings: z
            .array(
              z.strictObject({
                action: z
                  .enum(["replace", "Replace", "keep", "Keep", "drop", "Drop", "hashmod", "HashMod", "labelmap", "LabelMap", "labeldrop", "LabelDrop", "labelkeep", "LabelKeep"])
                  .optional(),
                sourceLabels: z.array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)).optional(),
                separator: z.string().optional(),
                targetLabel: z.string().optional(),
                regex: z.string().optional(),
                replacement: z.string().optional(),
                modulus: z.number().int().optional(),
              }),
            )
            .optional(),
        }),
      )
      .min(1),
  }),
});
export type ServiceMonitor = z.infer<typeof serviceMonitorSchema>;

export function serviceMonitorProblems(object: Manifest): string[] {
  const result = serviceMonitorSchema.safeParse(object);
  return result.success ? [] : result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}
