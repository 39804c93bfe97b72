import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ROOT } from "./lib/prepare.ts";

/**
 * `npm run lock:platforms`: npm leaves a package's optional, platform-specific binaries out
 * of package-lock.json when the registry it installs from does not serve them (Next's SWC
 * builds for macOS and Windows, unrs-resolver bindings…). `npm ci` then refuses the lockfile
 * as out of sync. This adds an entry for every such optional dependency, pinned to the
 * version its parent asks for and marked with the platform it is for, so npm ci skips it on
 * other platforms. Run it after `npm install` changes the lockfile.
 */
interface LockEntry {
  version?: string;
  dev?: boolean;
  optional?: boolean;
  integrity?: string;
  license?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  optionalDependencies?: Record<string, string>;
}

const OS = ["darwin", "win32", "android", "freebsd", "openbsd", "netbsd", "sunos", "aix", "openharmony", "linux"];
const CPU = ["arm64", "x64", "ia32", "loong64", "ppc64", "riscv64", "s390x", "arm"];

function platformOf(name: string): Pick<LockEntry, "os" | "cpu" | "libc"> {
  const parts = name.split("/").pop()!.split("-");
  const os = OS.filter((o) => parts.includes(o));
  const cpu = CPU.find((c) => parts.includes(c));
  const libc = parts.some((p) => p.startsWith("musl")) ? ["musl"] : parts.some((p) => p === "gnu" || p.startsWith("gnueabi")) ? ["glibc"] : undefined;
  return { ...(os.length ? { os } : {}), ...(cpu ? { cpu: [cpu] } : {}), ...(libc ? { libc } : {}) };
}

const file = path.join(ROOT, "package-lock.json");
const lock = JSON.parse(readFileSync(file, "utf8")) as { packages: Record<string, LockEntry> };
const added: string[] = [];
for (const [location, entry] of Object.entries(lock.packages)) {
  for (const [name, spec] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${location ? `${location}/` : ""}node_modules/${name}`;
    if (lock.packages[nested] || lock.packages[`node_modules/${name}`]) continue;
    if (!/^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec)) {
      console.warn(`skipping ${name}@${spec}: not an exact version`);
      continue;
    }
    lock.packages[`node_modules/${name}`] = {
      version: spec,
      ...(entry.dev ? { dev: true } : {}),
      optional: true,
      ...platformOf(name),
    };
    added.push(`${name}@${spec}`);
  }
}
const sorted = Object.fromEntries(Object.keys(lock.packages).sort((a, b) => (a === "" ? -1 : b === "" ? 1 : a < b ? -1 : a > b ? 1 : 0)).map((k) => [k, lock.packages[k]!]));
writeFileSync(file, `${JSON.stringify({ ...lock, packages: sorted }, null, 2)}\n`);
console.log(added.length ? `added ${added.length} platform entries:\n  ${added.join("\n  ")}` : "package-lock.json already lists every optional platform package");
