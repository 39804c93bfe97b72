import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import os from "node:os";

/** The machine the figures come from, in one line. */
export function describeMachine(): string {
  const cpus = os.cpus();
  const version = (command: string, args: string[], pattern: RegExp) => {
    try {
      return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 5_000 }).match(pattern)?.[1] ?? "?";
    } catch {
      return "?";
    }
  };
  return [
    `${cpus[0]?.model.trim() ?? "unknown CPU"}, ${cpus.length} cores`,
    `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM`,
    `${os.type()} ${os.release()}`,
    `node ${process.version}`,
    `haproxy ${version("/usr/sbin/haproxy", ["-v"], /version (\S+)/)}`,
    `redis ${version("redis-server", ["--version"], /v=(\S+)/)}`,
  ].join(" · ");
}

/** Cumulative jiffies of the whole machine (all cores), from /proc/stat; null where there is none. */
export function machineCpuTimes(): { busy: number; total: number } | null {
  try {
    const fields = readFileSync("/proc/stat", "utf8").split("\n")[0]!.trim().split(/\s+/).slice(1).map(Number);
    const total = fields.slice(0, 8).reduce((sum, v) => sum + v, 0);
    const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
    return { busy: total - idle, total };
  } catch {
    return null;
  }
}

/** Share of all cores busy between two readings (NaN without /proc/stat). */
export function machineBusy(start: ReturnType<typeof machineCpuTimes>, end: ReturnType<typeof machineCpuTimes>): number {
  if (!start || !end || end.total === start.total) return Number.NaN;
  return (end.busy - start.busy) / (end.total - start.total);
}
