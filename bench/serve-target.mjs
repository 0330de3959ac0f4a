/**
 * A server for the load benchmark, in its own process: `icp` (the real `icp serve` on a workspace
 * holding the example profile) or `plain` (node:http running the same compiled scorer, nothing
 * else), both from the built code (dist/, as `npx icp` runs). Prints "ready <port>" when listening.
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileJs } from "../dist/engine/compile-js.js";
import { lower } from "../dist/ir/lower.js";
import { checkProfileText } from "../dist/profile/check.js";
import { IcpServer } from "../dist/server/api.js";
import { Workspace } from "../dist/workspace/workspace.js";

const [kind, profileFile, asOf] = process.argv.slice(2);
const yaml = readFileSync(profileFile, "utf8");

if (kind === "plain") {
  const profile = checkProfileText(yaml).profile;
  if (!profile) throw new Error("profile does not check");
  const cache = new Map();
  const server = createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
      const columns = Object.keys(body.record).sort();
      const key = columns.join("\u0001");
      let scorer = cache.get(key);
      if (!scorer) {
        scorer = compileJs(lower(profile, { asOf, columns }));
        cache.set(key, scorer);
      }
      const r = scorer.score(body.record);
      const text = JSON.stringify({
        state: r.state,
        score: r.tenths === null ? null : r.tenths / 10,
        tier: r.tier,
        reasons: r.reasons,
      });
      res.writeHead(200, {
        "content-type": "application/json; charset=utf-8",
        "content-length": Buffer.byteLength(text),
      });
      res.end(text);
    });
  });
  server.listen(0, "127.0.0.1", () => {
    const a = server.address();
    process.stdout.write(`ready ${typeof a === "object" && a ? a.port : 0}\n`);
  });
} else {
  const ws = await Workspace.open(join(mkdtempSync(join(tmpdir(), "icp-load-")), "ws.duckdb"));
  await ws.saveProfile(yaml, { author: "bench", message: "load" });
  const s = new IcpServer(ws, { host: "127.0.0.1", port: 0, asOf });
  const { port } = await s.listen();
  process.stdout.write(`ready ${port}\n`);
}
