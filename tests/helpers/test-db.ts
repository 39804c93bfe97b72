import { randomBytes } from "node:crypto";
import { inject } from "vitest";
import { createDb, type Db } from "../../server/db/client.ts";
import { createDatabaseIfMissing } from "../../server/db/embedded.ts";
import { dropDatabase, withDatabase } from "../setup/infrastructure.ts";

export interface TestDatabase {
  name: string;
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A fresh, migrated database of its own (copied from the run's template). */
export async function createTestDatabase(label = "t"): Promise<TestDatabase> {
  const adminUrl = inject("databaseAdminUrl");
  const name = `clinicflow_${label.replace(/\W/g, "_").slice(0, 20)}_${randomBytes(4).toString("hex")}`;
  await createDatabaseIfMissing(adminUrl, name, inject("templateDatabase"));
  const url = withDatabase(adminUrl, name);
  const db = createDb(url, { poolMax: 10 });
  return {
    name,
    url,
    db,
    async drop() {
      await db.$disconnect();
      await dropDatabase(adminUrl, name);
    },
  };
}

/** A Redis key prefix of its own, so test files never see each other's keys. */
export function uniqueRedisPrefix(label: string): string {
  return `test:${label}:${randomBytes(4).toString("hex")}:`;
}
