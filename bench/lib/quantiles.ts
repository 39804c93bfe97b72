const ascending = (values: readonly number[]) => [...values].sort((a, b) => a - b);
/** Nearest rank, no interpolation; NaN when there are no values. */
const atRank = (sorted: readonly number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;

/** The p-quantile of `values`, in any order. */
export function quantile(values: readonly number[], p: number): number {
  return atRank(ascending(values), p);
}

export interface Quantiles {
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

export function quantiles(values: readonly number[]): Quantiles {
  const sorted = ascending(values);
  return { p50: atRank(sorted, 0.5), p95: atRank(sorted, 0.95), p99: atRank(sorted, 0.99), max: sorted.at(-1) ?? Number.NaN };
}
