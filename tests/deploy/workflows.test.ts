import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";
import { describe, expect, it } from "vitest";
import { assertLocalUrl } from "../setup/local-only.ts";

/**
 * The GitHub workflows (.github/workflows), read as data: actions pinned to exact versions,
 * every job bounded in time, npm downloads cached, CI running .ci/run itself against the
 * PostgreSQL and Redis service containers, the Playwright report kept, the image pushed on
 * release tags, and the deployment files validated when they change.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const WORKFLOWS_DIR = path.join(ROOT, ".github/workflows");
const read = (relative: string) => readFileSync(path.join(ROOT, relative), "utf8");

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string | number | boolean>;
  env?: Record<string, string>;
  "timeout-minutes"?: number;
}
interface Service {
  image: string;
  env?: Record<string, string>;
  ports?: string[];
  options?: string;
}
interface Job {
  name?: string;
  "runs-on": string;
  "timeout-minutes"?: number;
  permissions?: Record<string, string>;
  services?: Record<string, Service>;
  env?: Record<string, string>;
  steps: Step[];
}
interface Workflow {
  name: string;
  // "on" is read by YAML 1.1 parsers as a boolean; js-yaml (YAML 1.2) keeps it a string.
  on: Record<string, { branches?: string[]; tags?: string[]; paths?: string[] } | null>;
  permissions?: Record<string, string>;
  env?: Record<string, string>;
  jobs: Record<string, Job>;
}

const files = readdirSync(WORKFLOWS_DIR).filter((f) => /\.ya?ml$/.test(f)).sort();
const workflows = new Map(files.map((file) => [file, yaml.load(readFileSync(path.join(WORKFLOWS_DIR, file), "utf8")) as Workflow]));
const workflow = (file: string) => {
  const found = workflows.get(file);
  if (!found) throw new Error(`.github/workflows/${file} is missing`);
  return found;
};
const allJobs = () => [...workflows].flatMap(([file, w]) => Object.entries(w.jobs).map(([id, job]) => ({ file, id, job })));
const allSteps = () => allJobs().flatMap(({ file, id, job }) => job.steps.map((step) => ({ where: `${file} ${id} ${step.name ?? step.uses ?? step.run}`, step, job })));
const usesOf = (job: Job, action: string) => job.steps.filter((s) => s.uses?.split("@")[0] === action);

describe("GitHub workflows", () => {
  it("are ci.yml, image.yml and manifests.yml", () => {
    expect(files).toEqual(expect.arrayContaining(["ci.yml", "image.yml", "manifests.yml"]));
  });

  it("pin every action to an exact version (vX.Y.Z), one version per action", () => {
    const versions = new Map<string, Set<string>>();
    for (const { where, step } of allSteps()) {
      if (!step.uses) continue;
      expect(step.uses, where).toMatch(/^[\w.-]+\/[\w.-]+(\/[\w./-]+)?@v\d+\.\d+\.\d+$/);
      const [action, version] = step.uses.split("@") as [string, string];
      versions.set(action, (versions.get(action) ?? new Set()).add(version));
    }
    expect(versions.size).toBeGreaterThan(0);
    for (const [action, seen] of versions) expect([...seen], action).toHaveLength(1);
  });

  it("bound every job in time, within CI's 90 minutes", () => {
    for (const { file, id, job } of allJobs()) {
      expect(job["timeout-minutes"], `${file} ${id}`).toBeGreaterThan(0);
      expect(job["timeout-minutes"], `${file} ${id}`).toBeLessThanOrEqual(90);
      for (const step of job.steps) if (step["timeout-minutes"] !== undefined) expect(step["timeout-minutes"]).toBeLessThan(job["timeout-minutes"]!);
    }
  });

  it("read the repository only, unless a job asks for more", () => {
    for (const [file, w] of workflows) expect(w.permissions, file).toEqual({ contents: "read" });
    const widened = allJobs().filter(({ job }) => job.permissions);
    expect(widened.map(({ file, id }) => `${file} ${id}`)).toEqual(["image.yml image"]);
  });

  it("cache npm downloads wherever npm installs", () => {
    for (const { file, id, job } of allJobs()) {
      for (const step of usesOf(job, "actions/setup-node")) expect(step.with?.cache, `${file} ${id}`).toBe("npm");
      const installs = job.steps.some((s) => /\bnpm ci\b|\.ci\/run/.test(s.run ?? ""));
      if (!installs) continue;
      const setupNode = usesOf(job, "actions/setup-node").length > 0;
      const cache = usesOf(job, "actions/cache").find((s) => s.with?.path === "~/.npm");
      expect(setupNode || Boolean(cache), `${file} ${id} caches ~/.npm`).toBe(true);
      if (cache) expect(String(cache.with?.key)).toContain("hashFiles('package-lock.json')");
    }
  });
});

describe("ci.yml", () => {
  const ci = workflow("ci.yml");
  const job = ci.jobs.test!;
  const runStep = job.steps.find((s) => s.run?.includes(".ci/run"));

  it("runs on pushes to main and on every pull request", () => {
    expect(ci.on.push?.branches).toEqual(["main"]);
    expect(ci.on).toHaveProperty("pull_request");
    expect(ci.on.pull_request?.paths, "no path filter: every change is tested").toBeUndefined();
  });

  it("runs .ci/run itself, in Debian 12 with Node 20 and npm 11, as on the project's machines", () => {
    expect(existsSync(path.join(ROOT, ".ci/run"))).toBe(true);
    expect(runStep?.run).toMatch(/\bnode:20-bookworm\b/);
    expect(runStep?.run).toMatch(/npm install -g npm@11\b.*&& bash \.ci\/run/);
    const engines = (JSON.parse(read("package.json")) as { engines: { node: string } }).engines.node;
    expect(engines).toMatch(/^>=20\./);
  });

  it("gives the suite the PostgreSQL and Redis service containers, on addresses it accepts", () => {
    const { postgres, redis } = job.services ?? {};
    expect(postgres?.image).toMatch(/^postgres:\d+/);
    expect(redis?.image).toMatch(/^redis:\d+/);
    for (const service of [postgres!, redis!]) expect(service.options, service.image).toMatch(/--health-cmd /);

    const databaseUrl = new URL(job.env!.TEST_DATABASE_URL!);
    const redisUrl = new URL(job.env!.TEST_REDIS_URL!);
    // tests/setup/infrastructure.ts refuses anything but a local server.
    expect(() => assertLocalUrl("TEST_DATABASE_URL", databaseUrl.href)).not.toThrow();
    expect(() => assertLocalUrl("TEST_REDIS_URL", redisUrl.href)).not.toThrow();
    expect(read("tests/setup/infrastructure.ts")).toMatch(/process\.env\.TEST_DATABASE_URL[\s\S]*process\.env\.TEST_REDIS_URL/);
    // Published on the runner at the ports the URLs name, and reachable from .ci/run's container.
    expect(postgres!.ports).toEqual([`${databaseUrl.port}:5432`]);
    expect(redis!.ports).toEqual([`${redisUrl.port}:6379`]);
    expect([databaseUrl.username, databaseUrl.password]).toEqual([postgres!.env!.POSTGRES_USER, postgres!.env!.POSTGRES_PASSWORD]);
    expect(runStep?.run).toContain("--network host");
    expect(runStep?.run).toMatch(/--env TEST_DATABASE_URL\b/);
    expect(runStep?.run).toMatch(/--env TEST_REDIS_URL\b/);
  });

  it("keeps the test output and the Playwright report, also when the run failed", () => {
    const uploads = usesOf(job, "actions/upload-artifact");
    for (const upload of uploads) expect(upload.if, upload.name).toBe("always()");
    const paths = uploads.flatMap((u) => String(u.with?.path).split("\n").map((p) => p.trim()).filter(Boolean));
    expect(paths).toContain(".ci/test-output.log");
    expect(read(".ci/run")).toContain(".ci/test-output.log");
    const playwright = uploads.find((u) => u.with?.name === "playwright-report");
    expect(playwright).toBeDefined();
    // Where playwright.config.ts and scripts/test.ts put the report and the failure artifacts.
    const outputDir = /outputDir:\s*"([^"]+)"/.exec(read("playwright.config.ts"))?.[1];
    expect(String(playwright!.with?.path)).toContain(`${outputDir}/`);
    expect(read("scripts/test.ts")).toContain('path.join(RESULTS, "e2e.json")');
    expect(String(playwright!.with?.path)).toContain("test-results/e2e.json");
  });
});

describe("image.yml", () => {
  const image = workflow("image.yml");
  const job = image.jobs.image!;
  const build = usesOf(job, "docker/build-push-action")[0];
  const dockerfile = read("Dockerfile");

  it("builds on pull requests that touch the image, and pushes on v* tags only", () => {
    expect(image.on.push?.tags).toEqual(["v*"]);
    expect(image.on.push?.branches).toBeUndefined();
    expect(image.on.pull_request?.paths).toEqual(expect.arrayContaining(["Dockerfile", ".dockerignore", "package-lock.json"]));
    expect(job.env?.PUSH).toBe("${{ github.event_name == 'push' && startsWith(github.ref, 'refs/tags/v') }}");
    expect(build?.with?.push).toBe("${{ env.PUSH == 'true' }}");
    expect(usesOf(job, "docker/login-action")[0]?.if).toBe("env.PUSH == 'true'");
  });

  it("pushes to ghcr.io with the tags and labels docker/metadata-action computes", () => {
    expect(job.permissions).toEqual({ contents: "read", packages: "write" });
    expect(usesOf(job, "docker/login-action")[0]?.with?.registry).toBe("ghcr.io");
    const meta = usesOf(job, "docker/metadata-action")[0] as Step & { id?: string };
    expect(meta.id).toBe("meta");
    expect(meta.with?.images).toBe("ghcr.io/${{ github.repository }}");
    expect(String(meta.with?.tags)).toContain("type=semver,pattern={{version}}");
    expect(build?.with?.tags).toBe("${{ steps.meta.outputs.tags }}");
    expect(build?.with?.labels).toBe("${{ steps.meta.outputs.labels }}");
  });

  it("builds the Dockerfile's runtime stage, with the schema engine required", () => {
    expect(build?.with?.target).toBe("runtime");
    expect(dockerfile).toMatch(/^FROM \S+ AS runtime$/m);
    expect(String(build?.with?.["build-args"]).trim()).toBe("PRISMA_SCHEMA_ENGINE=required");
    expect(dockerfile).toMatch(/^ARG PRISMA_SCHEMA_ENGINE=auto$/m);
    expect(dockerfile).toContain('elif [ "$PRISMA_SCHEMA_ENGINE" = required ]; then');
    expect(build?.with?.["cache-from"]).toBe("type=gha");
  });
});

describe("manifests.yml", () => {
  const manifests = workflow("manifests.yml");
  const runs = Object.values(manifests.jobs)
    .flatMap((job) => job.steps.map((s) => s.run ?? ""))
    .join("\n");

  it("runs when the manifests, the monitoring files or the compose stack change", () => {
    for (const trigger of ["push", "pull_request"] as const) {
      expect(manifests.on[trigger]?.paths, trigger).toEqual(expect.arrayContaining(["k8s/**", "monitoring/**", "deploy/**", "docker-compose.yml", "tests/deploy/**", "tests/monitoring/**"]));
    }
  });

  it("renders every kustomization, checks Prometheus with promtool, and validates compose and HAProxy", () => {
    expect(runs).toContain('kubectl kustomize "$dir"');
    expect(runs).toContain("for dir in k8s/base k8s/overlays/*/");
    expect(existsSync(path.join(ROOT, "k8s/base/kustomization.yaml"))).toBe(true);
    expect(runs).toContain("promtool check config prometheus.yml prometheus.kubernetes.yml");
    expect(runs).toContain("promtool check rules rules/*.yml");
    expect(runs).toContain("promtool test rules rules/tests/*.yml");
    for (const file of ["monitoring/prometheus.yml", "monitoring/prometheus.kubernetes.yml"]) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    expect(runs).toContain("docker compose --file docker-compose.yml config --quiet");
    expect(runs).toContain("haproxy -c -f /usr/local/etc/haproxy/haproxy.cfg");
    // The same releases the compose stack runs.
    const compose = read("docker-compose.yml");
    expect(compose).toContain(`image: ${manifests.env!.PROMETHEUS_IMAGE}`);
    expect(compose).toContain(`image: ${manifests.env!.HAPROXY_IMAGE}`);
  });

  it("runs the offline checks of tests/deploy and tests/monitoring with what they call", () => {
    expect(runs).toContain("npx vitest run tests/deploy tests/monitoring");
    for (const dir of ["tests/deploy", "tests/monitoring"]) expect(existsSync(path.join(ROOT, dir)), dir).toBe(true);
    expect(runs).toMatch(/apt-get install .*\bredis-server prometheus haproxy\b/);
    const kubectl = Object.values(manifests.jobs).flatMap((job) => usesOf(job, "azure/setup-kubectl"));
    expect(kubectl.length).toBe(2);
    expect(manifests.env!.KUBECTL_VERSION).toMatch(/^v1\.\d+\.\d+$/);
  });
});
