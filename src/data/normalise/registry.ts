/**
 * The normalisers a profile field can apply before its tests (`normalize:` in a field declaration;
 * standard fields have defaults). Each maps a raw cell to the canonical text the value semantics
 * then read, or null (unknown). Every engine calls these same functions — the SQL engine through
 * registered UDFs — so normalising cannot make engines disagree.
 *
 * Contract (relied on by the SQL fast paths): a value already canonical comes back unchanged.
 */
import { type RawValue, toDate } from "../../engine/values.js";
import { countryCode, isCountryCode, regionFromCountry } from "./country.js";
import { type DayOrder, normaliseDate } from "./dates.js";
import { normaliseDomain } from "./domain.js";
import { industrySpellings, normaliseIndustry, sicIndustry } from "./industry.js";
import { normaliseEmployees, normaliseMoney, normaliseMoneyThousands } from "./numbers.js";

export const NORMALISER_NAMES = [
  "employees",
  "money",
  "money_thousands",
  "country",
  "region",
  "industry",
  "industry_sic",
  "domain",
  "date",
] as const;
export type NormaliserName = (typeof NORMALISER_NAMES)[number];

export interface NormaliseContext {
  /** For relative dates ("3 days ago"). */
  asOf: string;
  /** How to read 01/02/2024; unset leaves such dates unknown. */
  dayOrder?: DayOrder;
}

export type Normaliser = (raw: RawValue) => string | null;

/** How the SQL engine can skip the UDF for values that need no work. */
export type SqlFastPath = "number" | "date" | "dictionary" | "none";

export interface NormaliserInfo {
  name: NormaliserName;
  description: string;
  fastPath: SqlFastPath;
  /** For `dictionary` fast paths: spellings the SQL engine looks up directly (mapped by this same function). */
  spellings?: () => string[];
  /** The profile's own literals go through it too (category tests). */
  appliesToLiterals: boolean;
  /** The normaliser the profile's literals go through instead (a SIC code column is compared with industry names). */
  literalsBy?: NormaliserName;
  make(ctx: NormaliseContext): Normaliser;
}

const countrySpellings = (): string[] => {
  const out: string[] = [];
  for (let a = 65; a <= 90; a++)
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      if (isCountryCode(code)) out.push(code);
    }
  return out;
};

export const NORMALISERS: Readonly<Record<NormaliserName, NormaliserInfo>> = {
  employees: {
    name: "employees",
    description: 'employee counts and ranges: "51-200" → 125 (midpoint), "10k+" → 10000, "~45" → 45',
    fastPath: "number",
    appliesToLiterals: false,
    make: () => normaliseEmployees,
  },
  money: {
    name: "money",
    description:
      'amounts with currency and units, in USD at fixed 2025-01-02 rates: "€5m", "$1.2M", "10M-50M"',
    fastPath: "number",
    appliesToLiterals: false,
    make: () => normaliseMoney,
  },
  money_thousands: {
    name: "money_thousands",
    description: 'amounts written in thousands (ZoomInfo "Revenue (in 000s)"): "12,500" → 12500000 USD',
    fastPath: "none",
    appliesToLiterals: false,
    make: () => normaliseMoneyThousands,
  },
  country: {
    name: "country",
    description:
      'countries to ISO 3166-1 alpha-2: "United Kingdom", "UK", "Deutschland" → GB, GB, DE; "NA" is Namibia',
    fastPath: "dictionary",
    spellings: countrySpellings,
    appliesToLiterals: true,
    make: () => countryCode,
  },
  region: {
    name: "region",
    description: "the sales region of a country (north america, latam, europe, middle east & africa, apac)",
    fastPath: "dictionary",
    spellings: countrySpellings,
    appliesToLiterals: false,
    make: () => regionFromCountry,
  },
  industry: {
    name: "industry",
    description:
      'industries to LinkedIn Industry Codes V2 labels: "computer software" → Software Development',
    fastPath: "dictionary",
    spellings: industrySpellings,
    appliesToLiterals: true,
    make: () => normaliseIndustry,
  },
  industry_sic: {
    name: "industry_sic",
    description:
      'US SIC codes to LinkedIn V2 industries by their longest listed prefix: "7372" → Software Development',
    fastPath: "none",
    appliesToLiterals: false,
    literalsBy: "industry",
    make: () => sicIndustry,
  },
  domain: {
    name: "domain",
    description: "registrable domain from a URL, host or e-mail (public suffix list)",
    fastPath: "none",
    appliesToLiterals: true,
    make: () => normaliseDomain,
  },
  date: {
    name: "date",
    description: 'dates: ISO, year, month, named months, unambiguous d/m/y, relative ("3 days ago")',
    fastPath: "date",
    appliesToLiterals: false,
    make: (ctx) => {
      const opts = { asOf: ctx.asOf, ...(ctx.dayOrder ? { dayOrder: ctx.dayOrder } : {}) };
      return (raw) => (typeof raw === "string" && toDate(raw) !== null ? raw : normaliseDate(raw, opts));
    },
  },
};

/** The SQL function name of a normaliser for a context (the date normaliser depends on it). */
export function udfName(name: NormaliserName, ctx: NormaliseContext): string {
  return name === "date"
    ? `icp_norm_date_${ctx.asOf.replace(/-/g, "")}${ctx.dayOrder ? `_${ctx.dayOrder}` : ""}`
    : `icp_norm_${name}`;
}

/** The SQL macro name of a dictionary normaliser's direct look-up. */
export const dictionaryName = (name: NormaliserName): string => `icp_dict_${name}`;

/** The normaliser a field's category literals go through, or null when they stay as written. */
export function literalNormaliser(name: NormaliserName | null): NormaliserName | null {
  if (name === null) return null;
  const by = NORMALISERS[name].literalsBy ?? name;
  return NORMALISERS[by].appliesToLiterals ? by : null;
}
