import { readFileSync } from "node:fs";
import path from "node:path";

/**
 * Turns a request path into a bounded metrics label: the App Router pattern it matched
 * (`/api/patients/[id]`), read from Next's build manifest, or a coarse bucket.
 */
export type RouteLabeler = (pathname: string) => string;

interface Pattern {
  label: string;
  regex: RegExp;
  specificity: number;
}

function toPattern(route: string): Pattern {
  let specificity = 0;
  const source = route
    .split("/")
    .map((segment) => {
      if (/^\[\[\.\.\..+\]\]$/.test(segment)) return "(?:/.*)?";
      if (/^\[\.\.\..+\]$/.test(segment)) return "/.+";
      if (/^\[.+\]$/.test(segment)) return "/[^/]+";
      if (/^\(.+\)$/.test(segment)) return ""; // route groups do not appear in URLs
      specificity += 1;
      return segment ? `/${segment.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}` : "";
    })
    .join("");
  return { label: route, regex: new RegExp(`^${source || "/"}/?$`), specificity };
}

export function createRouteLabeler(distDir: string): RouteLabeler {
  let patterns: Pattern[] = [];
  try {
    const manifest = JSON.parse(readFileSync(path.join(distDir, "app-path-routes-manifest.json"), "utf8")) as Record<string, string>;
    patterns = [...new Set(Object.values(manifest))]
      .filter((r) => !r.startsWith("/_"))
      .map(toPattern)
      .sort((a, b) => b.specificity - a.specificity || b.label.length - a.label.length);
  } catch {
    // No build manifest (dev mode): fall back to coarse buckets.
  }
  return (pathname) => {
    if (pathname === "/metrics") return "/metrics";
    if (pathname.startsWith("/_next/")) return "/_next";
    if (pathname.startsWith("/socket.io")) return "/socket.io";
    const hit = patterns.find((p) => p.regex.test(pathname));
    if (hit) return hit.label;
    return pathname.startsWith("/api/") ? "/api/(unmatched)" : "(unmatched)";
  };
}
