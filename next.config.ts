import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // The custom server (server/index.ts) owns the HTTP listener; Next renders pages and route handlers.
  poweredByHeader: false,
  reactStrictMode: true,
  // forbidden() in role guards renders app/forbidden.tsx with HTTP 403.
  experimental: { authInterrupts: true },
  // The whole project (tests, scripts, server) is type-checked by `npm run typecheck` in CI;
  // the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
  // Native and driver packages stay as Node requires instead of being bundled.
  serverExternalPackages: ["argon2", "pg", "ioredis", "rate-limiter-flexible", "pino", "prom-client", "@prisma/client", "@prisma/adapter-pg"],
};

export default nextConfig;
