/**
 * The draft profile: criteria from the attributes discovery kept, in the profile language the core
 * scores, each with a comment giving its evidence. Segments better than the rest become weighted
 * signals (weight = 10 × weight of evidence, rounded); worse ones negative signals; a segment with
 * (almost) no best accounts and enough support becomes a hard exclusion — the negative ICP.
 */
import { parseDerivedField } from "../profile/derived.js";
import { yamlFlowList, yamlScalar } from "../profile/yaml-text.js";
import { pct } from "../report/format.js";
import { wilson } from "../stats/proportions.js";
import type { Segment } from "./attributes.js";
import { type AttributeStats, type DiscoverAnalysis, type SegmentStats, woeOf } from "./discover.js";

export interface DraftCriterion {
  label: string;
  field: string;
  test:
    | { in: string[] }
    | { not_in: string[] }
    | { any: string[] }
    | { range: { min?: number; below?: number; above?: number } };
  role: "signal" | "exclude";
  weight?: number;
  /** A hard exclude: the best examples it would remove. */
  bestRemoved?: number;
  /** Found again in `selected` of `of` bootstrap resamples (stability.ts); unstable below 60%. */
  stability?: { selected: number; of: number; stable: boolean };
  evidence: {
    n: number;
    best: number;
    rate: number;
    lift: number;
    liftLo: number;
    liftHi: number;
    woe: number;
    q: number;
  };
  comment: string;
}

const qText = (q: number) => (q < 0.001 ? "q < 0.001" : `q = ${q.toFixed(3)}`);

function combine(a: DiscoverAnalysis, group: readonly SegmentStats[]): DraftCriterion["evidence"] {
  const n = group.reduce((s, x) => s + x.n, 0);
  const best = group.reduce((s, x) => s + x.best, 0);
  const rate = n ? best / n : 0;
  const lift = a.baseRate ? rate / a.baseRate : 0;
  // interval of the pooled rate (Wilson) over the base rate
  const w = wilson(best, n);
  return {
    n,
    best,
    rate,
    lift,
    liftLo: a.baseRate ? w.lo / a.baseRate : 0,
    liftHi: a.baseRate ? w.hi / a.baseRate : 0,
    woe: woeOf(best, n - best, a.best, a.rest),
    q: Math.max(...group.map((x) => x.q ?? 1)),
  };
}

const comment = (a: DiscoverAnalysis, e: DraftCriterion["evidence"], why: string) =>
  `${why}: ${e.n.toLocaleString("en-US")} accounts, ${pct(e.rate)} best vs ${pct(a.baseRate)} overall (lift ${e.lift.toFixed(2)}×, 95% CI ${e.liftLo.toFixed(2)}–${e.liftHi.toFixed(2)}×), WoE ${e.woe.toFixed(2)}, ${qText(e.q)}`;

/**
 * Values (or items) whose weights of evidence are alike, strongest first: one criterion per group,
 * so a value at 9× the base rate is not pooled with one at 3× (a group's values lie within
 * ALIKE_WOE of its strongest); past MAX_GROUPS groups the two closest neighbours merge.
 */
const ALIKE_WOE = 0.25;
/** At most this many criteria per attribute and direction. */
const MAX_GROUPS = 3;
function alike(segs: readonly { s: SegmentStats; k: number }[]): { s: SegmentStats; k: number }[][] {
  const sorted = [...segs].sort((a, b) => Math.abs(b.s.woe) - Math.abs(a.s.woe) || a.k - b.k);
  const out: { s: SegmentStats; k: number }[][] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    const head = last?.[0];
    if (last && head && Math.abs(head.s.woe - x.s.woe) <= ALIKE_WOE) last.push(x);
    else out.push([x]);
  }
  // a draft a person reads: at most MAX_GROUPS criteria per direction, the closest neighbours merged
  while (out.length > MAX_GROUPS) {
    let at = 0;
    let gap = Number.POSITIVE_INFINITY;
    for (let g = 0; g + 1 < out.length; g++) {
      const a = out[g] as { s: SegmentStats }[];
      const b = out[g + 1] as { s: SegmentStats }[];
      const d = Math.abs(
        (a[a.length - 1] as { s: SegmentStats }).s.woe - (b[0] as { s: SegmentStats }).s.woe,
      );
      if (d < gap) {
        gap = d;
        at = g;
      }
    }
    out.splice(at, 2, [...(out[at] ?? []), ...(out[at + 1] ?? [])]);
  }
  // each group's values in the attribute's order (the most frequent first), as before
  return out.map((g) => g.sort((a, b) => a.k - b.k));
}

/** Runs of neighbouring bins (by index) that share a direction. */
function runs(segs: readonly { s: SegmentStats; k: number }[]): { s: SegmentStats; k: number }[][] {
  const out: { s: SegmentStats; k: number }[][] = [];
  for (const x of segs) {
    const last = out[out.length - 1];
    if (last && (last[last.length - 1]?.k ?? -9) === x.k - 1) last.push(x);
    else out.push([x]);
  }
  return out;
}

export function draftCriteria(
  a: DiscoverAnalysis,
  opts: { fdr?: number; minSupport: number },
): DraftCriterion[] {
  const fdr = opts.fdr ?? 0.05;
  const out: DraftCriterion[] = [];
  const sig = (s: SegmentStats) =>
    s.q !== null && s.q < fdr && s.segment.kind !== "missing" && (s.itemP === undefined || s.itemP < 0.001);
  for (const attr of a.attributes.filter((x) => x.kept).sort((x, y) => y.iv - x.iv)) {
    const segs = attr.segments.map((s, k) => ({ s, k })).filter((x) => sig(x.s));
    const up = segs.filter((x) => x.s.lift > 1);
    const down = segs.filter((x) => x.s.lift < 1);
    const name = derivedPhrase(attr.field) ?? attr.field.replace(/_/g, " ");
    const emit = (group: { s: SegmentStats; k: number }[], positive: boolean, model?: number) => {
      const e = combine(
        a,
        group.map((x) => x.s),
      );
      // A hard exclude only where the evidence is relative to the base rate — the segment's best rate
      // is at most a fifth of the overall rate even at the top of its 95% interval — and it would remove
      // at most 1% of the best examples; otherwise a negative signal.
      const upper = wilson(e.best, e.n).hi;
      const hard =
        !positive &&
        e.n >= 2 * opts.minSupport &&
        upper <= 0.2 * a.baseRate &&
        e.best <= Math.floor(0.01 * a.best);
      const test = testOf(
        attr,
        group.map((x) => x.s.segment),
      );
      const shown =
        "range" in test && attr.sentinel !== undefined
          ? {
              range: {
                ...(test.range.min !== undefined ? { min: test.range.min } : {}),
                ...(test.range.below !== undefined && test.range.below !== attr.sentinel
                  ? { below: test.range.below }
                  : {}),
              },
            }
          : test;
      // the model's weight when it agrees in direction (else the weakest weight of that direction)
      const size = model === undefined ? Math.round(10 * Math.abs(e.woe)) : positive ? model : -model;
      // given the other attributes, no effect in this direction is left: the others explain it
      if (!hard && model !== undefined && size < 1) return;
      const weight = Math.max(1, size) * (positive ? 1 : -1);
      out.push({
        label:
          "range" in shown && shown.range.min === undefined && shown.range.below === undefined
            ? labelOf(name, { in: [`any value but ${attr.sentinel}`] }).replace(": ", " ")
            : labelOf(name, shown),
        field: attr.field,
        test,
        role: hard ? "exclude" : "signal",
        ...(hard ? {} : { weight }),
        evidence: e,
        ...(hard ? { bestRemoved: e.best } : {}),
        comment: comment(
          a,
          e,
          hard
            ? `negative ICP, removes ${e.best} of ${a.best.toLocaleString("en-US")} best examples: best rate at most a fifth of the overall rate`
            : positive
              ? "better than the rest"
              : "worse than the rest",
        ),
      });
    };
    // list items each their own criterion: a row with three telling items counts all three, as the
    // model does (one `any:` over them would count them once)
    const ups = attr.kind === "number" ? runs(up) : attr.kind === "list" ? up.map((x) => [x]) : alike(up);
    const downs =
      attr.kind === "number" ? runs(down) : attr.kind === "list" ? down.map((x) => [x]) : alike(down);
    // Weights from the model over the kept attributes — each group's effect given the others, not
    // its evidence alone (which counts twice what correlated attributes share): 10 × the group's mean
    // log-odds minus that of the attribute's values in no criterion (its rows score 0 on it).
    const beta = new Map<number, number>();
    for (const f of a.model?.features ?? []) if (f.field === attr.field) beta.set(f.segment, f.beta);
    const mean = (g: readonly { s: SegmentStats; k: number }[]) => {
      const n = g.reduce((t, x) => t + x.s.n, 0);
      return n ? g.reduce((t, x) => t + x.s.n * (beta.get(x.k) ?? 0), 0) / n : 0;
    };
    const grouped = new Set([...ups, ...downs].flat().map((x) => x.k));
    const rest = attr.segments
      .map((s, k) => ({ s, k }))
      .filter((x) => !grouped.has(x.k) && x.s.segment.kind !== "missing" && x.s.n > 0);
    const all = attr.segments.map((s, k) => ({ s, k })).filter((x) => x.s.segment.kind !== "missing");
    const baseline = attr.kind === "list" ? 0 : mean(rest.length ? rest : all);
    const adjusted = (g: readonly { s: SegmentStats; k: number }[]) =>
      a.model ? Math.round(10 * (mean(g) - baseline)) : undefined;
    for (const g of ups) emit(g, true, adjusted(g));
    for (const g of downs) emit(g, false, adjusted(g));
  }
  return out;
}

function testOf(attr: AttributeStats, segs: readonly Segment[]): DraftCriterion["test"] {
  if (attr.kind === "number") {
    const lo = Math.min(...segs.map((s) => s.min ?? Number.NEGATIVE_INFINITY));
    const hi = Math.max(...segs.map((s) => s.max ?? Number.POSITIVE_INFINITY));
    // a sentinel (999 for "never") was read as missing: an open end stops before it
    const x = attr.sentinel;
    return {
      range: {
        ...(Number.isFinite(lo) ? { min: lo } : x !== undefined && x < hi ? { above: x } : {}),
        ...(Number.isFinite(hi) ? { below: hi } : x !== undefined && x > lo ? { below: x } : {}),
      },
    };
  }
  const values = segs.flatMap((s) => s.values ?? []);
  if (attr.kind === "list") return { any: values };
  if (segs.some((s) => s.kind === "other")) {
    // the pooled rarer values: every value but the named ones outside this group (placeholders are unknown)
    const named = attr.segments
      .filter((s) => s.segment.kind === "value")
      .flatMap((s) => s.segment.values ?? []);
    return {
      not_in: [
        ...named.filter((v) => !values.includes(v)),
        ...attr.placeholders.filter((p) => !named.includes(p)),
      ],
    };
  }
  return { in: values };
}

/** A derived field in words: events.funding_round.count_180d → "funding round events in the prior 180 days". */
export function derivedPhrase(field: string): string | null {
  const m = /^(events|hiring)\.([a-z0-9_]+)\.count_(\d+)d$/.exec(field);
  if (!m) return null;
  const what = (m[2] as string).replace(/_/g, " ");
  return m[1] === "events"
    ? `${what} events in the prior ${m[3]} days`
    : `${what} job postings in the prior ${m[3]} days`;
}

function labelOf(name: string, t: DraftCriterion["test"]): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const f = (x: number) => x.toLocaleString("en-US", { maximumFractionDigits: 2 });
  if ("range" in t) {
    const { min, below } = t.range;
    return cap(
      min !== undefined && below !== undefined
        ? `${name} ${f(min)} to under ${f(below)}`
        : min !== undefined
          ? `${name} ${f(min)} or more`
          : `${name} under ${f(below as number)}`,
    );
  }
  // long values (a sentence of a picklist) are cut in the label; the test holds them whole
  const vals = ("in" in t ? t.in : "not_in" in t ? t.not_in : t.any).map((v) =>
    v.length > 40 ? `${v.slice(0, 39)}…` : v,
  );
  const list = vals.length > 3 ? `${vals.slice(0, 3).join(", ")} (+${vals.length - 3})` : vals.join(", ");
  if ("not_in" in t) return cap(`${name}: other than ${list}`);
  return cap("any" in t ? `${name} includes ${list}` : `${name}: ${list}`);
}

export interface DraftMeta {
  name: string;
  sources: string;
  asOf: string;
  labels: string;
  provenance?: Provenance;
}

/** Where a discovered profile was learned: written as its `discovered:` block. */
export interface Provenance {
  from: { file: string; sha256: string }[];
  asOf: string;
  outcomesThrough?: string;
  examples: number;
}

/** The `discovered:` block (validation warns when it is run on the same data, or on older outcomes). */
export function provenanceYaml(p: Provenance): string[] {
  const lines = ["discovered:"];
  if (p.from.length) {
    lines.push("  from:");
    for (const f of p.from)
      lines.push(`    - { file: ${JSON.stringify(f.file)}, sha256: ${JSON.stringify(f.sha256)} }`);
  }
  lines.push(`  as_of: ${JSON.stringify(p.asOf)}`);
  if (p.outcomesThrough) lines.push(`  outcomes_through: ${JSON.stringify(p.outcomesThrough)}`);
  lines.push(`  examples: ${p.examples}`);
  return lines;
}

/** The draft profile as YAML text with comments (check passes on it; score runs it). */
export function draftYaml(a: DiscoverAnalysis, criteria: readonly DraftCriterion[], meta: DraftMeta): string {
  const lines: string[] = [];
  lines.push(`# Draft ICP discovered by icpkit from ${meta.sources}, as of ${meta.asOf}.`);
  lines.push(
    `# ${meta.labels}: ${a.best.toLocaleString("en-US")} best of ${a.n.toLocaleString("en-US")} labelled (${pct(a.baseRate)}).`,
  );
  lines.push(
    `# ${a.attributes.length} attributes examined; ${a.attributes.filter((x) => x.screened).length} passed screening at 5% FDR; kept after adjusting for each other: ${a.kept.length ? a.kept.join(", ") : "none"}.`,
  );
  if (a.noSignal) lines.push(`# ${a.noSignal.text}`);
  for (const w of a.warnings) lines.push(`# WARNING: ${w}`);
  lines.push("# Read it, argue with it, edit it: every criterion carries its evidence.");
  lines.push("icp: 1");
  lines.push(`name: ${JSON.stringify(meta.name)}`);
  lines.push("version: 0.1.0");
  lines.push(`description: ${JSON.stringify(`Discovered from ${meta.sources}`)}`);
  if (meta.provenance) lines.push(...provenanceYaml(meta.provenance));
  const custom = a.attributes.filter(
    (x) =>
      x.kept && !x.standard && !parseDerivedField(x.field)?.ok && criteria.some((c) => c.field === x.field),
  );
  if (custom.length) {
    lines.push("fields:");
    for (const x of custom)
      lines.push(`  ${x.field}: { type: ${x.kind}, column: ${JSON.stringify(x.column)}, normalize: none }`);
  }
  if (criteria.length === 0) {
    lines.push("criteria: []");
    return `${lines.join("\n")}\n`;
  }
  lines.push("criteria:");
  const block = (c: DraftCriterion) => {
    lines.push(`  # ${c.comment}`);
    lines.push(`  - label: ${yamlScalar(c.label)}`);
    lines.push(`    field: ${c.field}`);
    const t = c.test;
    if ("in" in t) lines.push(`    in: ${yamlFlowList(t.in)}`);
    else if ("not_in" in t) lines.push(`    not_in: ${yamlFlowList(t.not_in)}`);
    else if ("any" in t) lines.push(`    any: ${yamlFlowList(t.any)}`);
    else
      lines.push(
        `    range: { ${[t.range.min !== undefined ? `min: ${t.range.min}` : "", t.range.above !== undefined ? `above: ${t.range.above}` : "", t.range.below !== undefined ? `below: ${t.range.below}` : ""].filter(Boolean).join(", ")} }`,
      );
    lines.push(c.role === "exclude" ? "    exclude: true" : `    weight: ${c.weight}`);
  };
  const pos = criteria.filter((c) => c.role === "signal" && (c.weight ?? 0) > 0);
  const neg = criteria.filter((c) => c.role === "exclude" || (c.weight ?? 0) < 0);
  for (const c of pos) block(c);
  if (neg.length) {
    lines.push("  # --- negative ICP ---");
    for (const c of neg) block(c);
  }
  return `${lines.join("\n")}\n`;
}
