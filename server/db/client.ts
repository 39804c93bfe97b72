import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "./generated/client.ts";

export type Db = InstanceType<typeof PrismaClient>;
/** Either the client or the client inside an interactive transaction. */
export type DbOrTx = Db | Prisma.TransactionClient;

export interface DbOptions {
  poolMax: number;
}

/**
 * Prisma 7 talks to PostgreSQL through the pg driver adapter. Pool limits are set
 * explicitly: v7's defaults wait forever for a connection.
 */
export function createDb(connectionString: string, { poolMax }: DbOptions): Db {
  const adapter = new PrismaPg({
    connectionString,
    max: poolMax,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: 15_000,
  });
  return new PrismaClient({ adapter });
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
