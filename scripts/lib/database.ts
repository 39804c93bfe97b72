import { loadConfig } from "../../server/config.ts";
import { createLogger } from "../../server/logger.ts";
import { provisionDatabase, type ProvisionedDatabase } from "../../server/db/provision.ts";

/** The database the app would use (DATABASE_URL, or the embedded one), for the db:* scripts. */
export async function openConfiguredDatabase(): Promise<ProvisionedDatabase & { logger: ReturnType<typeof createLogger> }> {
  const config = loadConfig();
  const logger = createLogger(config.LOG_LEVEL);
  return { ...(await provisionDatabase(config, logger)), logger };
}
