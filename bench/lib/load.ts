import autocannon from "autocannon";
import * as hdr from "hdr-histogram-js";
import { cpuPerUnit, sampleCpu } from "./pgbench";

export type LoadOptions = {
  url: string;
  connections: number;
  durationSeconds: number;
  headers?: Record<string, string>;
  warmupSeconds?: number;
  /**
   * Per-request variation, passed to autocannon as is: method, path, body, `setupRequest` building
   * each request (e.g. a new idempotency key), `onResponse` seeing each status and body.
   */
  requests?: autocannon.Request[];
};

export type LoadResult = {
  url: string;
  connections: number;
  durationSeconds: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  throughputPerSecond: number;
  latencyMs: { p50: number; p95: number; p99: number; mean: number; max: number };
  /** CPU per request of each process over the measured run (warm-up excluded). */
  cpu: ReturnType<typeof cpuPerUnit>;
};

function once(options: LoadOptions, durationSeconds: number, onLatency?: (ms: number) => void) {
  return new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(
      {
        url: options.url,
        connections: options.connections,
        duration: durationSeconds,
        headers: options.headers,
        timeout: 30,
        ...(options.requests ? { requests: options.requests } : {}),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
    if (onLatency) instance.on("response", (_client, _status, _bytes, responseTime) => onLatency(responseTime));
  });
}

/**
 * Closed-loop load over loopback with autocannon; latency percentiles come from an HDR histogram of
 * every response (autocannon itself reports p97.5, not p95).
 */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.warmupSeconds) await once(options, options.warmupSeconds);
  const histogram = hdr.build({
    lowestDiscernibleValue: 1,
    highestTrackableValue: 60_000_000,
    numberOfSignificantValueDigits: 3,
  });
  const cpuBefore = sampleCpu();
  // responseTime is in milliseconds with sub-ms precision; record microseconds.
  const result = await once(options, options.durationSeconds, (ms) =>
    histogram.recordValue(Math.max(1, Math.round(ms * 1000))),
  );
  const cpu = cpuPerUnit(cpuBefore, sampleCpu(), result.requests.total);
  const at = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  const out: LoadResult = {
    url: options.url,
    connections: options.connections,
    durationSeconds: options.durationSeconds,
    requests: result.requests.total,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    throughputPerSecond: Math.round((result.requests.total / result.duration) * 10) / 10,
    latencyMs: {
      p50: at(50),
      p95: at(95),
      p99: at(99),
      mean: Math.round((histogram.mean / 1000) * 100) / 100,
      max: histogram.maxValue / 1000,
    },
    cpu,
  };
  histogram.destroy();
  return out;
}
