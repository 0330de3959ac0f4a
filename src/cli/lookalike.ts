/** `icp lookalike`: rank a universe of companies by their similarity to your best customers. */
import { type LoadedTable, loadTable } from "../data/load.js";
import { lookalike } from "../discover/lookalike.js";
import { formatOf, InputError } from "../io/formats.js";
import { createRowWriter } from "../io/write.js";
import { fail, resolveAsOf } from "./io.js";

interface LookalikeOpts {
  seeds: string;
  universe: string;
  output?: string;
  top?: number;
  json?: boolean;
  asOf?: string;
  exclude?: string[];
}

export async function commandLookalike(opts: LookalikeOpts): Promise<void> {
  const { asOf, note } = resolveAsOf(opts.asOf);
  if (opts.top !== undefined && !(Number.isInteger(opts.top) && opts.top > 0))
    return fail(`--top: expected a whole number of companies above 0, found ${opts.top}`);
  let seeds: LoadedTable;
  let universe: LoadedTable;
  try {
    seeds = await loadTable(opts.seeds, { entity: "accounts" });
    universe = await loadTable(opts.universe, { entity: "accounts" });
  } catch (e) {
    if (e instanceof InputError) return fail(e.message + (e.detail.hint ? `. ${e.detail.hint}` : ""));
    throw e;
  }
  const r = lookalike({ seeds, universe, asOf, exclude: opts.exclude ?? [] });
  if (r.seeds === 0)
    return fail(
      `none of the ${seeds.rows.length} rows of ${opts.seeds} was found in ${opts.universe} or has attributes of its own: nothing to look like (match by domain or company name)`,
    );
  const ranked = opts.top ? r.ranked.slice(0, opts.top) : r.ranked;
  if (opts.output) {
    const added = ["icp_similarity", "icp_rank", "icp_seed", "icp_lookalike_reasons"];
    const clash = added.filter((c) => universe.columns.includes(c));
    if (clash.length)
      return fail(`${opts.universe} already has column(s) ${clash.join(", ")}, which lookalike adds`);
    const w = await createRowWriter(opts.output, formatOf(opts.output), [...universe.columns, ...added]);
    let rank = 0;
    for (const x of ranked) {
      rank++;
      const row = universe.rows[x.row] ?? {};
      await w.write([
        ...universe.columns.map((c) => {
          const v = row[c];
          return v === null || v === undefined ? null : String(v);
        }),
        x.similarity.toFixed(1),
        String(rank),
        x.seed ? "true" : "false",
        x.reasons,
      ]);
    }
    await w.end();
  }
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify({ asOf, match: r.match, seeds: r.seeds, universe: r.universe, weights: r.weights, leaveOneOut: r.leaveOneOut, top: ranked.slice(0, 100).map((x) => ({ row: x.row + 1, similarity: Math.round(x.similarity * 10) / 10, seed: x.seed, reasons: x.reasons })) }, null, 2)}\n`,
    );
    return;
  }
  process.stderr.write(`${note}\n`);
  const m = r.match;
  const lines = [
    `${r.seeds} best customers (${m.byDomain + m.byName + m.byId} found in the universe, ${m.ownRows} from their own rows, ${m.notFound.length} not found) against ${universe.rows.length.toLocaleString("en-US")} companies`,
    r.leaveOneOut.text,
    "most distinctive:",
    ...r.weights
      .slice()
      .sort((a, b) => (b.top[0]?.weight ?? 0) - (a.top[0]?.weight ?? 0))
      .slice(0, 6)
      .map(
        (w) =>
          `  ${w.column}: ${w.top
            .slice(0, 3)
            .map((t) => `${t.label} (${t.weight.toFixed(1)})`)
            .join(", ")}`,
      ),
    opts.output
      ? `wrote ${ranked.length.toLocaleString("en-US")} ranked companies to ${opts.output}`
      : "top 20:",
    ...(opts.output
      ? []
      : ranked.slice(0, 20).map((x, i) => {
          const row = universe.rows[x.row] ?? {};
          const name = universe.mapping.find((mm) => mm.field === "name")?.column;
          return `  ${String(i + 1).padStart(3)}. ${x.similarity.toFixed(1).padStart(5)}  ${name ? String(row[name] ?? "") : `row ${x.row + 1}`}${x.seed ? " (a best customer)" : ""} — ${x.reasons}`;
        })),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
