import pino, { type Logger } from "pino";

export type { Logger };

/**
 * Structured JSON logs. Credentials and patient details are redacted from logged objects
 * up to four levels deep; code logs ids, never whole records.
 */
const PERSONAL_FIELDS = ["password", "passwordHash", "email", "phone", "dateOfBirth", "firstName", "lastName", "notes"];

export const REDACTED_PATHS = [
  ...PERSONAL_FIELDS,
  ...PERSONAL_FIELDS.map((f) => `*.${f}`),
  ...PERSONAL_FIELDS.map((f) => `*.*.${f}`),
  ...PERSONAL_FIELDS.map((f) => `*.*.*.${f}`),
  "req.headers.cookie",
  "req.headers.authorization",
  'res.headers["set-cookie"]',
];

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: "clinicflow", pid: process.pid },
      redact: { paths: REDACTED_PATHS, censor: "[redacted]" },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    destination,
  );
}
