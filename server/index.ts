import { resolveAuthSecret } from "./auth/secret.ts";
import { createClinicflowServer } from "./app.ts";
import { ConfigError, loadConfig } from "./config.ts";
import { createDb } from "./db/client.ts";
import { migrate } from "./db/migrate.ts";
import { provisionDatabase } from "./db/provision.ts";
import { createLogger } from "./logger.ts";
import { createMetrics } from "./metrics.ts";
import { DEMO_ACCOUNTS, DEMO_DISPLAY_KEY, DEMO_PASSWORD, isDatabaseEmpty, seedDemoClinic } from "../prisma/seed.ts";

/**
 * Boot: validate the environment, get a database (embedded by default), migrate, seed the
 * demo clinic on first run, serve, and shut down cleanly on SIGTERM/SIGINT.
 */
async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.LOG_LEVEL);
  process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection"));

  const database = await provisionDatabase(config, logger);
  stopEmbeddedOnFailure = () => database.embedded?.stop() ?? Promise.resolve();
  const { applied } = await migrate(database.url);
  if (applied.length) logger.info({ applied }, "migrations applied");

  const db = createDb(database.url, { poolMax: config.DATABASE_POOL_MAX });
  let seeded = false;
  // The demo clinic has a published password: never put it into someone's own database
  // unless asked to (SEED_DEMO=always).
  const mayResetDemo = config.SEED_DEMO === "always" || (config.SEED_DEMO === "auto" && database.embedded !== null);
  if (mayResetDemo && (await isDatabaseEmpty(db))) {
    await seedDemoClinic(db);
    seeded = true;
    logger.info("seeded the demo clinic");
  }

  const authSecret = await resolveAuthSecret(config.AUTH_SECRET, config.dataDir, logger);
  const server = await createClinicflowServer({
    config,
    db,
    logger,
    metrics: createMetrics(),
    authSecret,
    dev: process.argv.includes("--dev") || config.NODE_ENV === "development",
  });
  const { port, url } = await server.listen();
  logger.info({ port, url, embeddedDatabase: Boolean(database.embedded), redis: Boolean(config.REDIS_URL) }, "listening");
  const demoPresent = seeded || (await db.user.count({ where: { email: { in: DEMO_ACCOUNTS.map((a) => a.email) } } })) > 0;
  printBanner(url, demoPresent);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) {
      logger.info({ signal }, "already shutting down");
      return;
    }
    stopping = true;
    logger.info({ signal }, "shutting down");
    try {
      await server.close();
      await db.$disconnect();
      await database.embedded?.stop();
      logger.info("bye");
      process.exit(0);
    } catch (error) {
      logger.error({ err: error }, "shutdown failed");
      process.exit(1);
    }
  };
  // Kept for the whole drain: a repeated signal must not fall back to the default (instant exit).
  process.on("SIGTERM", () => void stop("SIGTERM"));
  process.on("SIGINT", () => void stop("SIGINT"));
}

function printBanner(url: string, showDemo: boolean): void {
  const lines = ["", `  Clinicflow is running at ${url}`, ""];
  if (showDemo) {
    lines.push(`  Demo sign-ins (password for all: ${DEMO_PASSWORD})`);
    for (const a of DEMO_ACCOUNTS) lines.push(`    ${a.role.padEnd(13)} ${a.email.padEnd(32)} ${a.displayName}`);
    lines.push("", `  Waiting-room display: ${url}/display/${DEMO_DISPLAY_KEY}`, "");
  }
  process.stdout.write(`${lines.join("\n")}\n`);
}

/** Set once the database is up: a failed boot must not leave an embedded PostgreSQL running. */
let stopEmbeddedOnFailure: () => Promise<void> = () => Promise.resolve();

main().catch(async (error) => {
  console.error("Clinicflow failed to start:", error);
  await stopEmbeddedOnFailure().catch(() => undefined);
  process.exit(1);
});
