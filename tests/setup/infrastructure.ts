import path from "node:path";
import pg from "pg";
import { createDatabaseIfMissing, startEmbeddedPostgres } from "../../server/db/embedded.ts";
import { migrate } from "../../server/db/migrate.ts";
import { freePort } from "../helpers/ports.ts";
import { startRedisServer } from "../helpers/redis-server.ts";
import { assertLocalUrl } from "./local-only.ts";

export interface TestInfrastructure {
  /** A URL to the `postgres` maintenance database, for creating per-file databases. */
  databaseAdminUrl: string;
  /** A migrated database that per-file databases are copied from. */
  templateDatabase: string;
  redisUrl: string;
  stop(): Promise<void>;
}

/**
 * Real PostgreSQL and real Redis for the test run: TEST_DATABASE_URL / TEST_REDIS_URL when
 * given (local servers only), otherwise an embedded PostgreSQL and a redis-server started here.
 */
export async function startTestInfrastructure(dir: string): Promise<TestInfrastructure> {
  const stops: (() => Promise<void>)[] = [];
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (adminUrl) {
    assertLocalUrl("TEST_DATABASE_URL", adminUrl);
  } else {
    const embedded = await startEmbeddedPostgres({ dir: path.join(dir, "pg"), port: await freePort(), database: "postgres" });
    stops.push(() => embedded.stop());
    adminUrl = embedded.urlFor("postgres");
  }

  const templateDatabase = `clinicflow_template_${process.pid}`;
  await dropDatabase(adminUrl, templateDatabase);
  await createDatabaseIfMissing(adminUrl, templateDatabase);
  await migrate(withDatabase(adminUrl, templateDatabase));
  stops.push(() => dropDatabase(adminUrl, templateDatabase));

  let redisUrl = process.env.TEST_REDIS_URL;
  if (redisUrl) {
    assertLocalUrl("TEST_REDIS_URL", redisUrl);
  } else {
    const redis = await startRedisServer();
    stops.push(() => redis.stop());
    redisUrl = redis.url;
  }

  return {
    databaseAdminUrl: adminUrl,
    templateDatabase,
    redisUrl,
    async stop() {
      for (const stop of stops.reverse()) await stop().catch(() => undefined);
    },
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

export async function dropDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS ${client.escapeIdentifier(database)} WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
