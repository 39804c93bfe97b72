import path from "node:path";
import type { Config } from "../config.ts";
import type { Logger } from "../logger.ts";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded.ts";

export interface ProvisionedDatabase {
  url: string;
  embedded: EmbeddedDatabase | null;
}

/** DATABASE_URL when given; otherwise the embedded PostgreSQL under DATA_DIR/pg. */
export async function provisionDatabase(config: Config, logger: Logger): Promise<ProvisionedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, embedded: null };
  const dir = path.join(config.dataDir, "pg");
  logger.info({ dir, port: config.EMBEDDED_PG_PORT }, "starting embedded PostgreSQL (set DATABASE_URL to use your own server)");
  const embedded = await startEmbeddedPostgres({
    dir,
    port: config.EMBEDDED_PG_PORT,
    database: "clinicflow",
    log: (msg) => logger.warn({ postgres: msg }, "embedded PostgreSQL"),
  });
  return { url: embedded.url, embedded };
}
