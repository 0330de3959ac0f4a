/** One benchmark run as a separate process under /usr/bin/time: wall seconds and peak RSS. */
import { spawnSync } from "node:child_process";
import { join } from "node:path";

export const ROOT = join(import.meta.dirname, "..");

export interface Run {
  seconds: number;
  peakMiB: number;
}

export function timed(cmd: string, args: string[]): Run {
  const r = spawnSync("/usr/bin/time", ["-f", "%e %M", cmd, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed:\n${r.stderr}`);
  const last = (r.stderr.trim().split("\n").pop() ?? "").split(" ");
  return { seconds: Number(last[0]), peakMiB: Number(last[1]) / 1024 };
}

/** Minimum and median wall time, largest peak memory. */
export function stats(runs: Run[]) {
  const s = runs.map((r) => r.seconds).sort((a, b) => a - b);
  return {
    min: s[0] ?? Number.NaN,
    median: s[Math.floor(s.length / 2)] ?? Number.NaN,
    peakMiB: Math.max(...runs.map((r) => r.peakMiB)),
  };
}
