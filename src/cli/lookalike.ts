/** `icp lookalike`: rank a universe of companies by their similarity to your best customers. */
import { type LoadedTable, loadTable } from "../data/load.js";
import { type LookalikeResult, lookalike } from "../discover/lookalike.js";
import { lookalikeFile } from "../discover/lookalike-duckdb.js";
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
  let r: LookalikeResult;
  let columns: string[];
  let rowOf: (i: number) => Record<string, unknown> = () => ({});
  let nameCol: string | undefined;
  const ranked = () => (opts.top ? r.ranked.slice(0, opts.top) : r.ranked);
  try {
    seeds = await loadTable(opts.seeds, { entity: "accounts" });
    // DuckDB reads, codes and writes the universe (any size); best customers outside it, with
    // attributes of their own, need the universe as rows
    const viaDuck =
      opts.universe !== "-"
        ? await lookalikeFile({
            seeds,
            universe: opts.universe,
            format: formatOf(opts.universe),
            asOf,
            exclude: opts.exclude ?? [],
            ...(opts.output ? { output: opts.output, outputFormat: formatOf(opts.output) } : {}),
            ...(opts.top ? { top: opts.top } : {}),
          })
        : { ownRows: true as const };
    if ("result" in viaDuck) {
      r = viaDuck.result;
      columns = viaDuck.columns;
      const names = viaDuck.names;
      nameCol = "name";
      rowOf = (i) => ({ name: names.get(i) ?? `row ${i + 1}` });
      if (r.seeds === 0)
        return fail(
          `none of the ${seeds.rows.length} rows of ${opts.seeds} was found in ${opts.universe}: nothing to look like (match by domain or company name)`,
        );
      if (viaDuck.rejects.length)
        process.stderr.write(
          `${opts.universe}: ${viaDuck.rejects.length} rows rejected (line ${viaDuck.rejects[0]?.line}: ${viaDuck.rejects[0]?.reason})\n`,
        );
    } else {
      const universe = await loadTable(opts.universe, { entity: "accounts" });
      r = lookalike({ seeds, universe, asOf, exclude: opts.exclude ?? [] });
      columns = universe.columns;
      rowOf = (i) => universe.rows[i] ?? {};
      nameCol = universe.mapping.find((mm) => mm.field === "name")?.column;
      if (r.seeds === 0)
        return fail(
          `none of the ${seeds.rows.length} rows of ${opts.seeds} was found in ${opts.universe} or has attributes of its own: nothing to look like (match by domain or company name)`,
        );
      if (opts.output) {
        const added = ["icp_similarity", "icp_rank", "icp_seed", "icp_lookalike_reasons"];
        const clash = added.filter((c) => columns.includes(c));
        if (clash.length)
          return fail(`${opts.universe} already has column(s) ${clash.join(", ")}, which lookalike adds`);
        const w = await createRowWriter(opts.output, formatOf(opts.output), [...columns, ...added]);
        let rank = 0;
        for (const x of ranked()) {
          rank++;
          const row = rowOf(x.row);
          await w.write([
            ...columns.map((c) => {
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
    }
  } catch (e) {
    if (e instanceof InputError) return fail(e.message + (e.detail.hint ? `. ${e.detail.hint}` : ""));
    throw e;
  }
  if (opts.json) {
    process.stdout.write(
      `${JSON.stringify(
        {
          asOf,
          match: r.match,
          seeds: r.seeds,
          universe: r.universe,
          weights: r.weights,
          leaveOneOut: r.leaveOneOut,
          top: ranked()
            .slice(0, 100)
            .map((x) => ({
              row: x.row + 1,
              similarity: Math.round(x.similarity * 10) / 10,
              seed: x.seed,
              reasons: x.reasons,
            })),
        },
        null,
        2,
      )}\n`,
    );
    return;
  }
  process.stderr.write(`${note}\n`);
  const m = r.match;
  const lines = [
    `${r.seeds} best customers (${m.byDomain + m.byName + m.byId} found in the universe, ${m.ownRows} from their own rows, ${m.notFound.length} not found) against ${r.universe.toLocaleString("en-US")} other companies`,
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
      ? `wrote ${ranked().length.toLocaleString("en-US")} ranked companies to ${opts.output}`
      : "top 20:",
    ...(opts.output
      ? []
      : ranked()
          .slice(0, 20)
          .map((x, i) => {
            const row = rowOf(x.row);
            const name = nameCol ? String(row[nameCol] ?? "") : `row ${x.row + 1}`;
            return `  ${String(i + 1).padStart(3)}. ${x.similarity.toFixed(1).padStart(5)}  ${name}${x.seed ? " (a best customer)" : ""} — ${x.reasons}`;
          })),
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
}
