import { randomBytes } from "node:crypto";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Logger } from "../logger.ts";

/**
 * AUTH_SECRET signs session cookies. Without it, a random secret is generated once and kept
 * in DATA_DIR so sessions survive restarts. Several instances must share one AUTH_SECRET.
 */
export async function resolveAuthSecret(configured: string | undefined, dataDir: string, logger: Logger): Promise<string> {
  if (configured) return configured;
  const file = path.join(dataDir, "auth-secret");
  try {
    const stored = (await readFile(file, "utf8")).trim();
    if (stored.length >= 32) return stored;
  } catch {
    // not created yet
  }
  const secret = randomBytes(32).toString("base64url");
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, secret, { mode: 0o600 });
  logger.warn({ file }, "AUTH_SECRET is not set: generated one for this machine (set AUTH_SECRET when running several instances)");
  return secret;
}
