/**
 * The test suite creates and drops databases and flushes keys: it refuses any server that
 * is not on this machine.
 */
const LOCAL_HOSTS = new Set(["localhost", "127.0.0.1", "::1", "[::1]"]);

export function assertLocalUrl(name: string, url: string): void {
  const host = new URL(url).hostname;
  if (!LOCAL_HOSTS.has(host)) {
    throw new Error(`${name} points at ${host}; tests only run against servers on this machine (localhost).`);
  }
}
