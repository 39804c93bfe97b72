import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { startTestInfrastructure } from "./infrastructure.ts";

declare module "vitest" {
  export interface ProvidedContext {
    databaseAdminUrl: string;
    templateDatabase: string;
    redisUrl: string;
  }
}

/** Starts PostgreSQL and Redis once for the whole run; each test file then isolates itself. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-test-"));
  // PostgreSQL runs as its own system user when the suite runs as root: it must reach the folder.
  await chmod(dir, 0o755);
  const infra = await startTestInfrastructure(dir);
  project.provide("databaseAdminUrl", infra.databaseAdminUrl);
  project.provide("templateDatabase", infra.templateDatabase);
  project.provide("redisUrl", infra.redisUrl);
  return async () => {
    await infra.stop();
    await rm(dir, { recursive: true, force: true });
  };
}
