/**
 * A starter profile from first principles, for teams with no outcome data yet: the industry, size,
 * geography, technology and trigger hypotheses become commented criteria in the profile language,
 * with weights that say how much each matters. Hypotheses, not evidence: the comments say how to
 * test them (`icp validate`) or replace them (`icp discover`).
 */
import { yamlFlowList, yamlScalar } from "./yaml-text.js";

export interface StarterAnswers {
  name: string;
  owner?: string;
  description?: string;
  industries: string[];
  excludeIndustries: string[];
  employees?: { min?: number; max?: number };
  revenue?: { min?: number; max?: number };
  countries: string[];
  regions: string[];
  tech: string[];
  fundingStages: string[];
  /** Trigger: raised money within this many days. */
  fundingWithinDays?: number;
  /** Trigger: has at least this many open jobs. */
  hiringAtLeast?: number;
}

const scalar = yamlScalar;
const flow = yamlFlowList;
const n = (x: number) => x.toLocaleString("en-US");

/** Parse "50-1000", "50+", "-200" into bounds. */
export function parseBounds(s: string): { min?: number; max?: number } {
  const t = s.replace(/[,_\s]/g, "").toLowerCase();
  const unit = (x: string) => {
    const m = /^(\d+(?:\.\d+)?)([kmb]?)$/.exec(x);
    if (!m) throw new Error(`expected a number like 50, 1.5k or 10m, received ${JSON.stringify(x)}`);
    return Number(m[1]) * ({ "": 1, k: 1e3, m: 1e6, b: 1e9 }[m[2] as "" | "k" | "m" | "b"] ?? 1);
  };
  if (t.endsWith("+")) return { min: unit(t.slice(0, -1)) };
  const [a, b] = t.split("-");
  if (b === undefined) return { min: unit(a ?? ""), max: unit(a ?? "") };
  return { ...(a ? { min: unit(a) } : {}), ...(b ? { max: unit(b) } : {}) };
}

export function starterProfile(a: StarterAnswers, today: string): string {
  const L: string[] = [];
  L.push(`# Starter ICP written by \`icp init\` on ${today}, from first principles.`);
  L.push("# These are hypotheses, not evidence. Once you have closed deals:");
  L.push("#   icp validate -p THIS_FILE --accounts accounts.csv --deals deals.csv   (does it win?)");
  L.push("#   icp discover --accounts accounts.csv --deals deals.csv -o draft.yaml (what do the data say?)");
  L.push("# Keep it to 4–6 criteria; an ICP that fits millions of companies is too broad.");
  L.push("icp: 1");
  L.push(`name: ${scalar(a.name)}`);
  L.push("version: 0.1.0");
  if (a.description) L.push(`description: ${scalar(a.description)}`);
  if (a.owner) L.push(`owner: ${scalar(a.owner)}`);
  L.push("min_coverage: 50% # score an account only when half the weighted evidence is known");
  const fields: string[] = [];
  if (a.fundingWithinDays !== undefined)
    fields.push("  last_funding_date: { type: date, column: last_funding_date }");
  if (a.hiringAtLeast !== undefined) fields.push("  open_jobs: { type: number, column: open_jobs }");
  if (fields.length) L.push("fields:", ...fields);
  const C: string[] = [];
  const crit = (comment: string, body: string[]) => {
    C.push(`  # ${comment}`);
    C.push(`  - ${body[0]}`);
    for (const b of body.slice(1)) C.push(`    ${b}`);
  };
  if (a.excludeIndustries.length)
    crit("Negative ICP: industries you never sell to (a hard filter: excluded accounts are disqualified).", [
      `label: ${scalar(`Not ${a.excludeIndustries.join(", ")}`)}`,
      "field: industry",
      `in: ${flow(a.excludeIndustries)}`,
      "exclude: true",
    ]);
  if (a.industries.length)
    crit(
      "Industry hypothesis: where your best customers are (values are LinkedIn industries; `icp check` says if one is unknown).",
      [
        `label: ${scalar(`Industry: ${a.industries.join(", ")}`)}`,
        "field: industry",
        `in: ${flow(a.industries)}`,
        "weight: 30",
      ],
    );
  const range = (b: { min?: number; max?: number }) =>
    `range: { ${[b.min !== undefined ? `min: ${b.min}` : "", b.max !== undefined ? `max: ${b.max}` : ""].filter(Boolean).join(", ")} }`;
  const rangeLabel = (what: string, b: { min?: number; max?: number }, money = false) => {
    const f = (x: number) => (money ? `$${n(x)}` : n(x));
    return b.min !== undefined && b.max !== undefined
      ? `${f(b.min)}–${f(b.max)} ${what}`
      : b.min !== undefined
        ? `${f(b.min)}+ ${what}`
        : `Up to ${f(b.max as number)} ${what}`;
  };
  if (a.employees)
    crit(
      'Size hypothesis: big enough to need you, small enough to buy quickly. Ranges like "51-200" in the data read as their midpoint.',
      [
        `label: ${scalar(rangeLabel("employees", a.employees))}`,
        "field: employees",
        range(a.employees),
        "weight: 25",
      ],
    );
  if (a.revenue)
    crit("Revenue hypothesis (USD; other currencies are converted at fixed rates).", [
      `label: ${scalar(rangeLabel("annual revenue", a.revenue, true))}`,
      "field: revenue",
      range(a.revenue),
      "weight: 15",
    ]);
  if (a.countries.length)
    crit("Geography hypothesis: countries you can sell and serve in (ISO codes or names).", [
      `label: ${scalar(`Based in ${a.countries.join(", ")}`)}`,
      "field: country",
      `in: ${flow(a.countries)}`,
      "weight: 20",
    ]);
  if (a.regions.length)
    crit("Geography hypothesis by region (derived from the country when the data has no region).", [
      `label: ${scalar(`Region: ${a.regions.join(", ")}`)}`,
      "field: region",
      `in: ${flow(a.regions)}`,
      "weight: 20",
    ]);
  if (a.tech.length)
    crit("Technographic hypothesis: tools that make you easy to adopt (any of them).", [
      `label: ${scalar(`Uses ${a.tech.join(" or ")}`)}`,
      "field: tech",
      `any: ${flow(a.tech)}`,
      "weight: 15",
    ]);
  if (a.fundingStages.length)
    crit("Funding hypothesis: the stages that buy.", [
      `label: ${scalar(`Funding stage: ${a.fundingStages.join(", ")}`)}`,
      "field: funding_stage",
      `in: ${flow(a.fundingStages)}`,
      "weight: 10",
    ]);
  if (a.fundingWithinDays !== undefined)
    crit("Trigger: fresh money to spend.", [
      `label: ${scalar(`Raised in the last ${a.fundingWithinDays} days`)}`,
      "field: last_funding_date",
      `within: { days: ${a.fundingWithinDays} }`,
      "weight: 10",
    ]);
  if (a.hiringAtLeast !== undefined)
    crit("Trigger: hiring, a sign of growth.", [
      `label: ${scalar(`${a.hiringAtLeast}+ open jobs`)}`,
      "field: open_jobs",
      `range: { min: ${a.hiringAtLeast} }`,
      "weight: 10",
    ]);
  if (C.length === 0) L.push("criteria: [] # add your hypotheses: icp init --help lists the flags");
  else L.push("criteria:", ...C);
  L.push("# Tiers: who gets an account executive, who gets nurtured.");
  L.push("tiers:");
  L.push("  - { name: A, min_score: 75, route: ae }");
  L.push("  - { name: B, min_score: 50, route: nurture }");
  L.push("  - { name: C, route: disqualify }");
  return `${L.join("\n")}\n`;
}
