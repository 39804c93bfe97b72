import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/client.ts";

export type Db = InstanceType<typeof PrismaClient>;
/** Either the client or the client inside an interactive transaction. */
export type DbOrTx = Db | Prisma.TransactionClient;

export interface DbOptions {
  poolMax: number;
}

/** How long a query or a transaction waits for a free pool connection before it fails. */
const CONNECTION_WAIT_MS = 5_000;

/**
 * Prisma 7 talks to PostgreSQL through the pg driver adapter. Pool limits are set
 * explicitly: v7's defaults wait forever for a connection. Interactive transactions wait for
 * a connection as long as single queries do (Prisma's own default is 2 s, which under load
 * failed bookings that a plain query would still have served).
 */
export function createDb(connectionString: string, { poolMax }: DbOptions): Db {
  const adapter = new PrismaPg({
    connectionString,
    max: poolMax,
    connectionTimeoutMillis: CONNECTION_WAIT_MS,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
  });
  return new PrismaClient({ adapter, transactionOptions: { maxWait: CONNECTION_WAIT_MS, timeout: 10_000 } });
}

/** True when the database answers a trivial query within the timeout. */
export async function pingDb(db: Db, timeoutMs = 2_000): Promise<void> {
  await withTimeout(db.$queryRaw`SELECT 1`, timeoutMs, "database did not answer in time");
}

export function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
