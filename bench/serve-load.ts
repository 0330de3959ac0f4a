/**
 * npm run bench:serve — single-record scoring over HTTP on loopback: `icp serve`'s POST /api/score
 * next to a plain node:http server running the same compiled scorer. Throughput at 50 connections
 * (target ≥ 0.8× plain) and p50/p99 latency at one connection (target p99 ≤ 1 ms). Each server
 * runs in its own process; autocannon drives it from this one.
 *
 *   npm run bench:serve                         # 10 s per measurement
 *   BENCH_SERVE_SECONDS=20 npm run bench:serve
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Agent, request } from "node:http";
import { join } from "node:path";
import autocannon from "autocannon";
import { checkProfileText } from "../src/profile/check.js";

const ROOT = join(import.meta.dirname, "..");
const SECONDS = Number(process.env.BENCH_SERVE_SECONDS ?? 10);
const PROFILE = join(ROOT, "examples/b2b-saas.yaml");
const AS_OF = "2026-11-23";
const name = checkProfileText(readFileSync(PROFILE, "utf8")).profile?.name ?? "";
const record = {
  name: "Acme Analytics",
  domain: "acme-analytics.io",
  industry: "computer software",
  employees: "240",
  region: "europe",
  country: "germany",
  tech: "salesforce; hubspot; aws",
  funding_stage: "series b",
  founded_year: "2016",
  description: "Acme builds analytics software for retailers.",
};

async function start(kind: "icp" | "plain"): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [join(ROOT, "bench/serve-target.mjs"), kind, PROFILE, AS_OF], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const port = await new Promise<number>((ok, ko) => {
    let out = "";
    child.stdout?.on("data", (c: Buffer) => {
      out += c.toString();
      const m = /ready (\d+)/.exec(out);
      if (m) ok(Number(m[1]));
    });
    child.once("exit", (code) => ko(new Error(`${kind} server exited (${code})`)));
  });
  return { child, port };
}

async function load(port: number, path: string, body: string, connections: number) {
  // warm up (JIT, caches) before measuring
  await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    method: "POST",
    body,
    headers: { "content-type": "application/json" },
    connections,
    duration: 2,
  });
  const r = await autocannon({
    url: `http://127.0.0.1:${port}${path}`,
    method: "POST",
    body,
    headers: { "content-type": "application/json" },
    connections,
    duration: SECONDS,
  });
  if (r.non2xx || r.errors) throw new Error(`${r.non2xx} non-2xx responses, ${r.errors} errors`);
  return { rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, requests: r.requests.total };
}

// Both servers run from the built code, as `npx icp serve` does.
execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: "inherit" });
/** One connection, one request at a time, timed with hrtime (µs resolution, unlike autocannon's 1 ms). */
async function sequential(port: number, path: string, body: string) {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const once = () =>
    new Promise<number>((ok, ko) => {
      const t0 = process.hrtime.bigint();
      const req = request(
        {
          host: "127.0.0.1",
          port,
          path,
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) },
        },
        (res) => {
          res.resume();
          res.on("end", () => ok(Number(process.hrtime.bigint() - t0) / 1e6));
        },
      );
      req.on("error", ko);
      req.end(body);
    });
  for (let i = 0; i < 2000; i++) await once();
  const times: number[] = [];
  const stop = Date.now() + SECONDS * 1000;
  while (Date.now() < stop) times.push(await once());
  agent.destroy();
  times.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round((times[Math.min(times.length - 1, Math.floor(p * times.length))] as number) * 1000) / 1000;
  return { requests: times.length, p50: q(0.5), p99: q(0.99) };
}

const results: Record<string, unknown> = {};
for (const kind of ["plain", "icp"] as const) {
  const { child, port } = await start(kind);
  try {
    const path = kind === "icp" ? "/api/score" : "/score";
    const body = JSON.stringify(kind === "icp" ? { profile: name, record } : { record });
    results[kind] = {
      c50: await load(port, path, body, 50),
      c1: await load(port, path, body, 1),
      sequential: await sequential(port, path, body),
    };
  } finally {
    child.kill();
  }
}
type R = {
  c50: { rps: number; p50: number; p99: number };
  c1: { rps: number; p50: number; p99: number };
  sequential: { requests: number; p50: number; p99: number };
};
const plain = results["plain"] as R;
const icp = results["icp"] as R;
const out = {
  seconds: SECONDS,
  node: process.version,
  plain,
  icp,
  throughputRatio: Math.round((icp.c50.rps / plain.c50.rps) * 1000) / 1000,
  targets: { throughputRatio: 0.8, p99MsAtOneConnection: 1 },
  met: { throughput: icp.c50.rps / plain.c50.rps >= 0.8, p99: icp.sequential.p99 <= 1 },
};
mkdirSync(join(ROOT, "bench/results"), { recursive: true });
writeFileSync(join(ROOT, "bench/results/serve-load.json"), `${JSON.stringify(out, null, 2)}\n`);
console.log(
  `single-record scoring over HTTP (loopback, ${SECONDS} s per run; autocannon reports latency in whole ms)`,
);
console.log(
  `${"server".padEnd(26)}${"req/s @50".padStart(11)}${"p50 @50".padStart(9)}${"p99 @50".padStart(9)}${"req/s @1".padStart(10)}${"p50 @1".padStart(8)}${"p99 @1".padStart(8)}`,
);
for (const [label, r] of [
  ["plain node:http", plain],
  ["icp serve /api/score", icp],
] as const)
  console.log(
    `${label.padEnd(26)}${Math.round(r.c50.rps).toString().padStart(11)}${String(r.c50.p50).padStart(9)}${String(r.c50.p99).padStart(9)}${Math.round(r.c1.rps).toString().padStart(10)}${String(r.c1.p50).padStart(8)}${String(r.c1.p99).padStart(8)}`,
  );
for (const [label, r] of [
  ["plain node:http", plain],
  ["icp serve /api/score", icp],
] as const)
  console.log(
    `${label}: one connection, one request at a time: p50 ${r.sequential.p50} ms, p99 ${r.sequential.p99} ms (${r.sequential.requests} requests)`,
  );
console.log(
  `throughput ratio at 50 connections: ${out.throughputRatio} (target ≥ 0.8); wrote bench/results/serve-load.json`,
);
