import { chmod, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { createDatabaseIfMissing } from "../../server/db/embedded.ts";
import { startTestInfrastructure, withDatabase } from "../../tests/setup/infrastructure.ts";

export interface BenchInfrastructure {
  /** The benchmark's own database, copied from the migrated template. */
  databaseUrl: string;
  redisUrl: string;
  /** Stops PostgreSQL and Redis and removes their directory. */
  stop(): Promise<void>;
}

/** PostgreSQL and Redis as the tests get them (embedded unless TEST_* URLs are given), with a fresh database named `database`. */
export async function startBenchInfrastructure(database: string): Promise<BenchInfrastructure> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-bench-"));
  await chmod(dir, 0o755);
  const infra = await startTestInfrastructure(dir);
  await createDatabaseIfMissing(infra.databaseAdminUrl, database, infra.templateDatabase);
  return {
    databaseUrl: withDatabase(infra.databaseAdminUrl, database),
    redisUrl: infra.redisUrl,
    async stop() {
      await infra.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
