import { generateJs } from "../engine/compile-js.js";
import { lower } from "../ir/lower.js";
import { compileSql, NORMALISED_TABLE } from "../sql/compile.js";
import { DIALECTS, type DialectName } from "../sql/dialect.js";
import { fail, loadProfiles, resolveAsOf } from "./io.js";

interface CompileOpts {
  target: "js" | "sql" | "ir";
  dialect: DialectName;
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
  const d = DIALECTS[opts.dialect];
  if (opts.params && !d.placeholder)
    fail(`--params: the ${opts.dialect} dialect is emitted as text with literals; drop --params`);
  const sql = compileSql([ir], {
    dialect: opts.dialect,
    mode: opts.params ? "params" : "inline",
    // schema.table (or database.schema.table) is a qualified name, each part quoted on its own
    source: opts.source
      .split(".")
      .map((part) => d.ident(part))
      .join("."),
    ...(columns ? { columns } : {}),
    ...(ir.capacity ? { rowColumn: "row_number", ordered: true } : {}),
  });
  process.stdout.write(
    `-- icpkit: ${ir.profile.name} v${ir.profile.version} (${ir.profile.hash}), ${opts.dialect}, as of ${asOf}\n`,
  );
  if (d.normalisers === "table" && ir.criteria.some((c) => c.normalize !== null && c.column !== null))
    process.stdout.write(
      `-- normalised values are looked up in ${NORMALISED_TABLE}(icp_fn, icp_raw, icp_value): \`icp score --db\` fills it; \`icp export dbt\` ships it as a seed\n`,
    );
  if (ir.capacity)
    process.stdout.write(
      `-- capacity tiers: the source needs a "row_number" column holding the input order\n`,
    );
  process.stdout.write(`${sql.sql};\n`);
  if (opts.params) process.stdout.write(`-- parameters: ${JSON.stringify(sql.params)}\n`);
}
