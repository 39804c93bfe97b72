import { defineConfig } from "prisma/config";

// Used by the Prisma CLI (generate; migrate deploy where the schema engine is available).
// The app itself connects through @prisma/adapter-pg (server/db/client.ts).
export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations", seed: "tsx scripts/db-seed.ts" },
  datasource: { url: process.env.DATABASE_URL ?? "postgresql://localhost:5432/clinicflow" },
});
