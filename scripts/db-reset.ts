import { rm } from "node:fs/promises";
import path from "node:path";
import pg from "pg";
import { loadConfig } from "../server/config.ts";
import { createDb } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";
import { seedDemoClinic } from "../prisma/seed.ts";
import { generatePrismaClient } from "./lib/prepare.ts";
import { openConfiguredDatabase } from "./lib/database.ts";

/**
 * `npm run db:reset`: start over with an empty, migrated database and the demo clinic.
 * Embedded: deletes DATA_DIR/pg. DATABASE_URL: drops and recreates its public schema.
 */
generatePrismaClient();
const config = loadConfig();
if (config.DATABASE_URL) {
  const client = new pg.Client({ connectionString: config.DATABASE_URL });
  await client.connect();
  await client.query("DROP SCHEMA IF EXISTS public CASCADE; CREATE SCHEMA public;");
  await client.end();
} else {
  await rm(path.join(config.dataDir, "pg"), { recursive: true, force: true });
}
const database = await openConfiguredDatabase();
const db = createDb(database.url, { poolMax: 2 });
try {
  await migrate(database.url);
  await seedDemoClinic(db);
  database.logger.info("database reset: migrated and seeded the demo clinic");
} finally {
  await db.$disconnect();
  await database.embedded?.stop();
}
