import { createDb } from "../server/db/client.ts";
import { migrate } from "../server/db/migrate.ts";
import { isDatabaseEmpty, seedDemoClinic } from "../prisma/seed.ts";
import { generatePrismaClient } from "./lib/prepare.ts";
import { openConfiguredDatabase } from "./lib/database.ts";

generatePrismaClient();
const database = await openConfiguredDatabase();
const db = createDb(database.url, { poolMax: 2 });
try {
  await migrate(database.url);
  if (await isDatabaseEmpty(db)) {
    await seedDemoClinic(db);
    database.logger.info("seeded the demo clinic");
  } else {
    database.logger.info("the database already has data; not seeding (npm run db:reset starts over)");
  }
} finally {
  await db.$disconnect();
  await database.embedded?.stop();
}
