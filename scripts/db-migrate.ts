import { migrate } from "../server/db/migrate.ts";
import { generatePrismaClient } from "./lib/prepare.ts";
import { openConfiguredDatabase } from "./lib/database.ts";

generatePrismaClient();
const database = await openConfiguredDatabase();
try {
  const { applied, alreadyApplied } = await migrate(database.url);
  database.logger.info({ applied, alreadyApplied: alreadyApplied.length }, applied.length ? "migrations applied" : "database is up to date");
} finally {
  await database.embedded?.stop();
}
