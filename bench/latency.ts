/** Latency figures shared by the benchmarks: nearest-rank percentiles and one report row per task. */

/** Percentile of sorted latencies (nearest rank). */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

export type LatencyReport = { task: string; count: number; perSecond: number; p50: number; p99: number };

export function latencyReport(task: string, latencies: number[], wallMs: number): LatencyReport {
  const sorted = [...latencies].sort((a, b) => a - b);
  return {
    task,
    count: latencies.length,
    perSecond: Math.round((latencies.length / wallMs) * 1000),
    p50: Number(percentile(sorted, 50).toFixed(2)),
    p99: Number(percentile(sorted, 99).toFixed(2)),
  };
}
