import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

/**
 * What `npm start` and `npm test` do before running: generate the Prisma client when the
 * schema changed, and build the Next.js app when there is no build or sources are newer.
 */
export const ROOT = path.resolve(import.meta.dirname, "../..");

function newestMtime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== "generated" && entry !== "node_modules") visit(path.join(p, entry));
    } else {
      newest = Math.max(newest, stat.mtimeMs);
    }
  };
  paths.forEach((p) => visit(path.join(ROOT, p)));
  return newest;
}

function mtime(p: string): number {
  const full = path.join(ROOT, p);
  return existsSync(full) ? statSync(full).mtimeMs : 0;
}

export function run(command: string, args: string[], env: Record<string, string> = {}): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: "inherit", env: { ...process.env, ...env } });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed with exit code ${result.status ?? result.signal}`);
  }
}

export function generatePrismaClient(force = false): void {
  const client = "server/db/generated/client.ts";
  if (!force && mtime(client) > mtime("prisma/schema.prisma")) return;
  // generate never calls the schema engine, but the CLI insists on one existing: any executable will do.
  run(process.execPath, [path.join(ROOT, "node_modules/prisma/build/index.js"), "generate"], {
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? "/bin/false",
    PRISMA_HIDE_UPDATE_MESSAGE: "1",
  });
}

const BUILD_INPUTS = ["app", "server", "prisma/schema.prisma", "next.config.ts", "package-lock.json", "tsconfig.json"];

export function buildIfNeeded(force = false): void {
  generatePrismaClient();
  const built = mtime(".next/BUILD_ID");
  if (!force && built > 0 && built > newestMtime(BUILD_INPUTS)) return;
  process.stdout.write("Building Clinicflow (next build)…\n");
  run(process.execPath, [path.join(ROOT, "node_modules/next/dist/bin/next"), "build"], { NEXT_TELEMETRY_DISABLED: "1" });
}
