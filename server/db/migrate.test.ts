import { cp, mkdtemp, appendFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabaseIfMissing } from "./embedded.ts";
import { MIGRATIONS_DIR, MigrationError, migrate, readMigrations } from "./migrate.ts";
import { dropDatabase, withDatabase } from "../../tests/setup/infrastructure.ts";

/** An empty database (not from the migrated template) for each case here. */
async function emptyDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject("databaseAdminUrl");
  const name = `clinicflow_migrate_${randomBytes(4).toString("hex")}`;
  await createDatabaseIfMissing(admin, name);
  return { url: withDatabase(admin, name), drop: () => dropDatabase(admin, name) };
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe("migration applier", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const c of cleanups) await c();
  });

  it("applies every migration to an empty database and records it as prisma migrate does", async () => {
    const { url, drop } = await emptyDatabase();
    cleanups.push(drop);
    const files = await readMigrations();
    const result = await migrate(url);
    expect(result.applied).toEqual(files.map((f) => f.name));

    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number }>(
      url,
      `SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name));
    for (const [i, row] of rows.entries()) {
      expect(row.checksum).toBe(files[i]?.checksum);
      expect(row.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.applied_steps_count).toBe(1);
    }

    // A second run changes nothing.
    const again = await migrate(url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(files.map((f) => f.name));
  });

  it("refuses to continue when an applied migration was edited afterwards", async () => {
    const { url, drop } = await emptyDatabase();
    cleanups.push(drop);
    const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-migrations-"));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    await migrate(url, dir);
    const [first] = await readMigrations(dir);
    await appendFile(path.join(dir, first!.name, "migration.sql"), "\n-- edited\n");
    await expect(migrate(url, dir)).rejects.toThrow(MigrationError);
    await expect(migrate(url, dir)).rejects.toThrow(/modified after it was applied/);
  });

  it("rolls a failing migration back completely and records nothing for it", async () => {
    const { url, drop } = await emptyDatabase();
    cleanups.push(drop);
    const dir = await mkdtemp(path.join(os.tmpdir(), "clinicflow-migrations-"));
    await cp(MIGRATIONS_DIR, dir, { recursive: true });
    const bad = path.join(dir, "99999999999999_broken");
    await cp(path.join(MIGRATIONS_DIR, (await readMigrations())[0]!.name), bad, { recursive: true });
    const { writeFile } = await import("node:fs/promises");
    await writeFile(path.join(bad, "migration.sql"), `CREATE TABLE "HalfWritten" (id int);\nSELECT no_such_function();\n`);

    await expect(migrate(url, dir)).rejects.toThrow(/99999999999999_broken failed/);
    const tables = await query<{ table_name: string }>(url, `SELECT table_name FROM information_schema.tables WHERE table_name = 'HalfWritten'`);
    expect(tables).toEqual([]);
    const recorded = await query(url, `SELECT 1 FROM "_prisma_migrations" WHERE migration_name = '99999999999999_broken'`);
    expect(recorded).toEqual([]);
  });

  it("serialises concurrent runs: each migration is applied exactly once", async () => {
    const { url, drop } = await emptyDatabase();
    cleanups.push(drop);
    const results = await Promise.all([migrate(url), migrate(url), migrate(url)]);
    const appliedCounts = results.map((r) => r.applied.length).sort();
    const total = (await readMigrations()).length;
    expect(appliedCounts).toEqual([0, 0, total]);
    const rows = await query(url, `SELECT migration_name FROM "_prisma_migrations"`);
    expect(rows).toHaveLength(total);
  });
});

describe("template database", () => {
  let url: string;
  beforeAll(() => {
    url = withDatabase(inject("databaseAdminUrl"), inject("templateDatabase"));
  });
  it("is migrated to the newest migration", async () => {
    const rows = await query<{ n: string }>(url, `SELECT count(*)::text AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL`);
    expect(Number(rows[0]?.n)).toBe((await readMigrations()).length);
  });
});
