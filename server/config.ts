import path from "node:path";
import { z } from "zod";

/**
 * Environment, validated once at boot. Every variable is listed in README.md.
 * A bad value stops the process with a message naming the variable.
 */
const booleanFlag = z
  .enum(["true", "false", "1", "0", ""])
  .optional()
  .transform((v) => v === "true" || v === "1");

const postgresUrl = z
  .string()
  .url()
  .refine((v) => /^postgres(ql)?:\/\//.test(v), "must be a postgres:// or postgresql:// URL");

const redisUrl = z
  .string()
  .url()
  .refine((v) => /^rediss?:\/\//.test(v), "must be a redis:// or rediss:// URL");

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("production"),
  HOST: z.string().min(1).default("0.0.0.0"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  PUBLIC_URL: z.string().url().optional(),
  DATABASE_URL: postgresUrl.optional(),
  DATABASE_POOL_MAX: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: redisUrl.optional(),
  REDIS_KEY_PREFIX: z.string().regex(/^[a-zA-Z0-9:_-]*$/, "letters, digits, ':', '_' or '-' only").default("clinicflow:"),
  AUTH_SECRET: z.string().min(32, "must be at least 32 characters").optional(),
  DATA_DIR: z.string().min(1).default(".data"),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  TRUST_PROXY: booleanFlag,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().min(0).max(120_000).default(10_000),
  SIGNIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  SIGNIN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
  SIGNIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(15 * 60),
  /** How often lapsed slot holds are ended (their slots reappear live). */
  HOLD_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).max(60_000).default(5_000),
  /** How often called patients who have not come are called again, or marked no-show (server/queue/recall-sweeper.ts). */
  QUEUE_SWEEP_INTERVAL_MS: z.coerce.number().int().min(200).max(60_000).default(5_000),
  /** auto: seed an empty embedded database only; always: any empty database; never. */
  SEED_DEMO: z.enum(["auto", "always", "never"]).default("auto"),
  REGISTRATIONS_PER_IP_PER_HOUR: z.coerce.number().int().min(1).default(10),
  /** Messages one staff member may send per MESSAGE_RATE_WINDOW_SECONDS (RATE_LIMITED beyond). */
  MESSAGE_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(30),
  MESSAGE_RATE_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3_600).default(10),
  /** An instance silent this long is taken for dead and its users' presence removed (Redis only). */
  PRESENCE_TTL_MS: z.coerce.number().int().min(1_000).max(300_000).default(30_000),
  /** Unacknowledged urgent messages are reminded this often. */
  URGENT_REMINDER_INTERVAL_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(120_000),
  /** When set, GET /metrics requires `Authorization: Bearer <METRICS_TOKEN>`. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
});

export type Config = z.infer<typeof envSchema> & { dataDir: string };

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings in the environment mean "not set".
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ""));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`).join("\n");
    throw new ConfigError(`Invalid environment:\n${problems}`);
  }
  return { ...parsed.data, dataDir: path.resolve(parsed.data.DATA_DIR) };
}
