import { generateJs } from "../engine/compile-js.js";
import { lower } from "../ir/lower.js";
import { compileSql } from "../sql/compile.js";
import { quoteIdent } from "../sql/escape.js";
import { loadProfiles, resolveAsOf } from "./io.js";

interface CompileOpts {
  target: "js" | "sql" | "ir";
  dialect: "duckdb" | "postgres";
  columns?: string;
  source: string;
  params?: boolean;
  asOf?: string;
}

export async function commandCompile(profilePath: string, opts: CompileOpts): Promise<void> {
  const [profile] = loadProfiles([profilePath]);
  const { asOf, note } = resolveAsOf(opts.asOf);
  const columns = opts.columns?.split(",").map((c) => c.trim());
  const ir = lower(profile!, { asOf, ...(columns ? { columns } : {}) });
  process.stderr.write(`icp compile: ${note}\n`);
  if (opts.target === "ir") {
    process.stdout.write(`${JSON.stringify(ir, null, 2)}\n`);
    return;
  }
  if (opts.target === "js") {
    process.stdout.write(generateJs(ir));
    return;
  }
  const sql = compileSql([ir], {
    dialect: opts.dialect,
    mode: opts.params ? "params" : "inline",
    source: quoteIdent(opts.source),
    ...(columns ? { columns } : {}),
    ...(ir.capacity ? { rowColumn: "row_number", ordered: true } : {}),
  });
  process.stdout.write(
    `-- icpkit: ${ir.profile.name} v${ir.profile.version} (${ir.profile.hash}), ${opts.dialect}, as of ${asOf}\n`,
  );
  if (ir.capacity)
    process.stdout.write(
      `-- capacity tiers: the source needs a "row_number" column holding the input order\n`,
    );
  process.stdout.write(`${sql.sql};\n`);
  if (opts.params) process.stdout.write(`-- parameters: ${JSON.stringify(sql.params)}\n`);
}
