/**
 * A seeded generator of realistic company lists (shares from ../shared/data, see distributions.ts).
 * Same options → same bytes. With `plant`, each row also gets an outcome (won/lost) drawn from a
 * known pattern written as a profile whose weights are log-odds — so discovery can be tested
 * against a truth it must recover.
 */
import { evaluateCriterion, type Row } from "../engine/interpreter.js";
import { lower } from "../ir/lower.js";
import type { IrProgram } from "../ir/types.js";
import type { Profile } from "../profile/model.js";
import {
  BUSINESS_MODELS,
  COUNTRIES,
  DESCRIPTION_TEMPLATES,
  FUNDING_STAGES,
  INDUSTRIES,
  NAME_PARTS,
  TECH,
  WHAT,
  WHO,
} from "./distributions.js";
import { Rng, Weighted } from "./random.js";

export const COMPANY_COLUMNS = [
  "id",
  "name",
  "domain",
  "website",
  "industry",
  "employees",
  "size_range",
  "revenue",
  "country",
  "country_code",
  "region",
  "city",
  "founded_year",
  "funding_stage",
  "funding_total",
  "last_funding_date",
  "business_model",
  "tech",
  "description",
  "linkedin_url",
  "ownership",
  "annual_growth_pct",
  "open_jobs",
  "hiring_sales",
  "uses_sso",
  "web_visits_monthly",
  "g2_reviews",
  "parent_company",
  "naics_code",
  "created_at",
] as const;
export const OUTCOME_COLUMNS = ["outcome", "deal_amount", "deal_created", "closed_at"] as const;

export interface PlantOptions {
  /** A profile whose signal weights are log-odds of winning; `exclude`/`require` failures → p = 1%. */
  profile: Profile;
  /** Log-odds of winning before any signal (default −1.5, about 18%). */
  baseLogOdds?: number;
}

export interface GenerateOptions {
  rows: number;
  seed: number;
  /** Reference date for ages and outcome dates (default 2026-06-30); never the wall clock. */
  asOf?: string;
  plant?: PlantOptions;
}

const SIZE_BANDS: ReadonlyArray<readonly [number, string]> = [
  [10, "1-10"],
  [50, "11-50"],
  [200, "51-200"],
  [500, "201-500"],
  [1000, "501-1000"],
  [5000, "1001-5000"],
  [10000, "5001-10000"],
  [Number.POSITIVE_INFINITY, "10001+"],
];
const NAICS = [
  "511210",
  "518210",
  "541511",
  "541512",
  "522110",
  "524113",
  "622110",
  "611310",
  "423430",
  "541611",
  "236220",
  "325412",
];

const pad = (n: number, w: number) => String(n).padStart(w, "0");
/** FNV-1a, 32 bits. */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

function isoDay(base: string, minusDays: number): string {
  const t =
    Date.UTC(Number(base.slice(0, 4)), Number(base.slice(5, 7)) - 1, Number(base.slice(8, 10))) -
    minusDays * 86_400_000;
  return new Date(t).toISOString().slice(0, 10);
}

export class CompanyGenerator {
  private readonly rng: Rng;
  private readonly industries = new Weighted(INDUSTRIES);
  private readonly countries = new Weighted(COUNTRIES.map((c) => [c, c[3]] as const));
  private readonly tech = new Weighted(TECH);
  private readonly models = new Weighted(BUSINESS_MODELS);
  private readonly asOf: string;
  private readonly asOfYear: number;
  private readonly planted?: { ir: IrProgram; base: number };
  private n = 0;

  constructor(readonly opts: GenerateOptions) {
    this.rng = new Rng(opts.seed);
    this.asOf = opts.asOf ?? "2026-06-30";
    this.asOfYear = Number(this.asOf.slice(0, 4));
    if (opts.plant) {
      this.planted = {
        ir: lower(opts.plant.profile, { asOf: this.asOf, columns: [...COMPANY_COLUMNS] }),
        base: opts.plant.baseLogOdds ?? -1.5,
      };
    }
  }

  get columns(): string[] {
    return this.planted ? [...COMPANY_COLUMNS, ...OUTCOME_COLUMNS] : [...COMPANY_COLUMNS];
  }

  private name(): string {
    const r = this.rng;
    const base =
      r.pick(NAME_PARTS.start) + (r.chance(0.5) ? r.pick(NAME_PARTS.mid) : "") + r.pick(NAME_PARTS.end);
    return (
      base[0]!.toUpperCase() +
      base.slice(1) +
      r.pick(NAME_PARTS.suffix).replace(/\b\w/g, (m) => m.toUpperCase())
    );
  }

  /** The next row, as strings ("" = missing), in `columns` order. */
  next(): string[] {
    const r = this.rng;
    this.n++;
    const id = `C${pad(this.n, 7)}`;
    const name = this.name();
    const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, "");
    const country = this.countries.draw(r);
    const tld = country[1] === "GB" ? ".co.uk" : country[1] === "DE" ? ".de" : r.chance(0.2) ? ".io" : ".com";
    const domain = `${slug}${this.n % 97}${tld}`;
    const industry = this.industries.draw(r);
    const employees = Math.max(1, Math.min(250_000, Math.round(Math.exp(Math.log(80) + 1.5 * r.normal()))));
    const band = SIZE_BANDS.find(([hi]) => employees <= hi)![1];
    const revenue = Math.round((employees * Math.exp(Math.log(180_000) + 0.6 * r.normal())) / 1000) * 1000;
    const age = Math.min(150, Math.floor(Math.exp(Math.log(12) + 0.8 * r.normal())));
    const founded = this.asOfYear - age;
    const stageIdx =
      industry === "government administration" || industry === "non-profit organization management"
        ? -1
        : Math.max(
            0,
            Math.min(
              FUNDING_STAGES.length - 1,
              Math.round(Math.log10(employees + 1) * 1.7 + r.normal() * 1.2 - 0.5),
            ),
          );
    const stage = stageIdx < 0 ? "" : FUNDING_STAGES[stageIdx]!;
    const funded = stageIdx > 0 && stage !== "public";
    const fundingTotal = funded
      ? Math.round(Math.exp(Math.log(2e6) + stageIdx * 0.9 + 0.7 * r.normal()) / 1e4) * 1e4
      : stage === "bootstrapped"
        ? 0
        : null;
    const lastFunding = funded ? isoDay(this.asOf, r.int(10, 5 * 365)) : "";
    const techCount = Math.min(9, Math.floor(-Math.log(1 - r.next()) * 3.2));
    const techSet = new Set<string>();
    for (let i = 0; i < techCount * 2 && techSet.size < techCount; i++) techSet.add(this.tech.draw(r));
    const template = r.pick(DESCRIPTION_TEMPLATES);
    const description = template
      .replace("{name}", name)
      .replace("{what}", r.pick(WHAT))
      .replace("{who}", r.pick(WHO))
      .replace("{industry}", industry)
      .replace("{region}", country[2]);
    const ownership =
      industry === "government administration"
        ? "government"
        : industry === "non-profit organization management"
          ? "nonprofit"
          : stage === "public"
            ? "public"
            : "private";
    const miss = (p: number, v: string) => (r.chance(p) ? "" : v);
    const row: string[] = [
      id,
      name,
      domain,
      `https://www.${domain}`,
      miss(0.05, industry),
      miss(0.08, String(employees)),
      miss(0.1, band),
      miss(0.3, String(revenue)),
      miss(0.04, country[0]),
      country[1],
      miss(0.06, country[2]),
      miss(0.15, r.pick(country[4])),
      miss(0.1, String(founded)),
      miss(0.35, stage),
      fundingTotal === null ? "" : miss(0.3, String(fundingTotal)),
      lastFunding,
      miss(0.2, this.models.draw(r)),
      miss(0.3, [...techSet].join("; ")),
      miss(0.1, description),
      `linkedin.com/company/${slug}`,
      ownership,
      miss(0.4, (Math.round((12 + 20 * r.normal()) * 10) / 10).toFixed(1)),
      miss(0.2, String(Math.floor((employees / 25) * r.next()))),
      miss(0.3, r.chance(0.25) ? "true" : "false"),
      miss(0.4, r.chance(employees > 200 ? 0.6 : 0.2) ? "yes" : "no"),
      miss(0.25, String(Math.round(employees * 40 * Math.exp(r.normal())))),
      miss(0.5, String(Math.floor(-Math.log(1 - r.next()) * 30))),
      r.chance(0.05) ? `${this.name()} Holdings` : "",
      miss(0.3, r.pick(NAICS)),
      isoDay(this.asOf, r.int(0, 3 * 365)),
    ];
    if (this.planted) row.push(...this.outcome(row));
    return row;
  }

  private outcome(cells: string[]): string[] {
    const r = this.rng;
    const p = this.planted!;
    const row: Record<string, string> = {};
    COMPANY_COLUMNS.forEach((c, i) => {
      row[c] = cells[i]!;
    });
    let logit = p.base;
    let blocked = false;
    for (const c of p.ir.criteria) {
      const o = evaluateCriterion(p.ir, c, row as Row);
      if ((c.role === "require" && o === "fail") || (c.role === "exclude" && o === "pass")) blocked = true;
      if (c.role === "signal" && o === "pass") logit += c.points / 100;
    }
    const prob = blocked ? 0.01 : 1 / (1 + Math.exp(-logit));
    const won = r.next() < prob;
    const amount = Math.round(Math.exp(Math.log(24_000) + 0.8 * r.normal()) / 100) * 100;
    const back = r.int(0, 730);
    // the sales cycle comes from a hash of the id, not the random stream, so adding it left every
    // other generated value unchanged: 14–133 days, independent of the outcome
    const cycle = 14 + (hash32(cells[0] ?? "") % 120);
    return [won ? "won" : "lost", String(amount), isoDay(this.asOf, back + cycle), isoDay(this.asOf, back)];
  }
}
