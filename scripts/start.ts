import { buildIfNeeded } from "./lib/prepare.ts";

/** `npm start`: build when needed, then boot the server in this process. */
buildIfNeeded();
process.env.NEXT_TELEMETRY_DISABLED ??= "1";
await import("../server/index.ts");
