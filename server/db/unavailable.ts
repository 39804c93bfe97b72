/**
 * Is this error "PostgreSQL cannot be reached right now" rather than a bug or a bad request?
 * Such errors become 503 UNAVAILABLE (server/errors.ts toAppError) instead of 500 INTERNAL, so
 * callers (the browser, a load balancer, a retrying client) know to try again shortly.
 *
 * How an outage surfaces through Prisma 7 + @prisma/adapter-pg + pg:
 * - server stopped / port closed: ECONNREFUSED → adapter kind DatabaseNotReachable → P1001;
 * - connection dropped mid-query: ECONNRESET → ConnectionClosed → P1017, or pg's
 *   "Connection terminated unexpectedly" (no code);
 * - server shutting down or starting up: SQLSTATE 57P01 / 57P02 / 57P03, class 08 (connection
 *   exception), 53300 (too many connections);
 * - no pool connection within connectionTimeoutMillis: pg's "timeout exceeded when trying to
 *   connect", Prisma's P2024 / P1008 / P2037.
 */
const PRISMA_CODES = new Set(["P1001", "P1002", "P1008", "P1017", "P2024", "P2037"]);
const ADAPTER_KINDS = new Set(["DatabaseNotReachable", "ConnectionClosed", "SocketTimeout", "TooManyConnections"]);
const SOCKET_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "ENOTFOUND", "EHOSTUNREACH"]);
const SQLSTATES = /^(57P01|57P02|57P03|53300|08\w{3})$/;
const MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Can't reach database server|Client has encountered a connection error|Connection terminated due to connection timeout/i;

export function isDatabaseUnavailable(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== "object" || depth > 6) return false;
  const e = error as Record<string, unknown>;
  const code = typeof e.code === "string" ? e.code : undefined;
  if (code && (PRISMA_CODES.has(code) || SOCKET_CODES.has(code) || SQLSTATES.test(code))) return true;
  if (typeof e.kind === "string" && ADAPTER_KINDS.has(e.kind)) return true;
  if (typeof e.originalCode === "string" && SQLSTATES.test(e.originalCode)) return true;
  if (typeof e.message === "string" && MESSAGES.test(e.message)) return true;
  return ["cause", "meta", "driverAdapterError", "originalError"].some((k) => isDatabaseUnavailable(e[k], depth + 1));
}
