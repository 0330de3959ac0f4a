/**
 * Bundles the command line into dist/bin/ (what `npx icp` runs). One ESM bundle split per command
 * (each command's chunk loads when it runs) starts in about a fifth of a second; the same code as
 * separate modules spent 0.5 s in Node's module loader before `icp score` could begin.
 *
 *   node scripts/bundle-cli.mjs [outdir]     (default dist/bin; part of npm run build)
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
const outdir = process.argv[2] ?? join(root, "dist/bin");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [join(root, "src/cli/main.ts")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // the DuckDB native binding and the browser driver stay packages
  external: ["@duckdb/node-bindings*", "playwright-core", "exceljs"],
  // bundled CommonJS packages call require()
  banner: {
    js: "import { createRequire as __icpRequire } from 'node:module'; const require = __icpRequire(import.meta.url);",
  },
  logLevel: "warning",
});
