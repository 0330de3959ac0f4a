import type { NormaliserName } from "../data/normalise/registry.js";

/** Field types a profile can test, and the standard fields every profile knows without declaring them. */

export const FIELD_TYPES = ["category", "number", "list", "text", "date", "boolean"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** Other columns a field reads when none of its own is present, through another normaliser. */
export interface FieldFallback {
  columns: string[];
  normalize: NormaliserName;
}

export interface FieldDecl {
  /** The field's name as criteria refer to it. */
  name: string;
  type: FieldType;
  /** Input column names tried in order (case, spaces, `_` and `-` ignored). */
  columns: string[];
  /** A number field holding a calendar year (e.g. founded_year): `within` compares years. */
  year?: boolean;
  /** Normaliser applied to the column's values (and to the profile's literals for category tests). */
  normalize?: NormaliserName;
  /** Used when none of `columns` is present: other columns, read through another normaliser (region from country). */
  fallback?: FieldFallback | readonly FieldFallback[];
  description?: string;
}

const std = (
  name: string,
  type: FieldType,
  description: string,
  columns: string[] = [],
  extra: Partial<FieldDecl> = {},
): FieldDecl => ({ name, type, description, columns: [name, ...columns], ...extra });

/** Column names exports use for the company's country (HubSpot, Salesforce, Apollo, PDL, plain). */
const COUNTRY_COLUMNS = [
  "country code",
  "hq country",
  "country/region",
  "billing country",
  "billingcountry",
  "company country",
  "organization country",
  "account country",
  "headquarters country",
  "office location", // Maven CRM's accounts: a country name
  "headquarters location", // Crunchbase: "Boston, Massachusetts, United States"
  "hq location",
  "company location",
  "location",
];

/**
 * Standard fields, pre-declared. Column aliases cover plain names and the most common export
 * headers; a profile's `fields:` section overrides any of them.
 */
export const STANDARD_FIELDS: readonly FieldDecl[] = [
  std(
    "industry",
    "category",
    "Industry, normalised to LinkedIn Industry Codes V2",
    [
      "sector",
      "industry name",
      "vertical",
      "company industry",
      "organization industry",
      "organization - industry",
      "account industry",
      "primary industry",
      "industries",
      "categories",
      "industry group",
    ],
    {
      normalize: "industry",
      // no industry column: a NAICS code, else a SIC code (Apollo exports both)
      fallback: [
        {
          columns: [
            "naics",
            "naics code",
            "naics_code",
            "naics codes",
            "primary naics",
            "naics 2022",
            "naics2022",
          ],
          normalize: "industry",
        },
        {
          columns: ["sic", "sic code", "sic_code", "sic codes", "primary sic", "primary sic code"],
          normalize: "industry_sic",
        },
      ],
    },
  ),
  std(
    "employees",
    "number",
    'Employee count; ranges such as "51-200" read as their midpoint',
    [
      "employee count",
      "employee_count",
      "number of employees",
      "numberofemployees",
      "num employees",
      "# employees",
      "headcount",
      "company size",
      "size",
      "size range",
      "employee range",
      "employees range",
      "company employees",
      "estimated num employees",
      "current employee estimate",
      "team size",
      "company employee count (range)",
      "company employee count",
      "employee count (range)",
      "employees (range)",
      "number of employees range",
      "employees",
    ],
    { normalize: "employees" },
  ),
  std(
    "revenue",
    "number",
    "Annual revenue in USD (currencies converted at fixed rates)",
    [
      "annual revenue",
      "annualrevenue",
      "revenue usd",
      "company revenue",
      "annual revenue currency converted",
      "estimated annual revenue",
      "revenue range",
      "estimated revenue range",
      "revenue",
      "annual revenue (usd)",
    ],
    {
      normalize: "money",
      // ZoomInfo writes revenue in thousands of dollars
      fallback: {
        columns: ["revenue (in 000s)", "revenue (in 000s usd)", "revenue in thousands", "revenue (000s)"],
        normalize: "money_thousands",
      },
    },
  ),
  std("country", "category", "Country, normalised to ISO 3166-1 alpha-2", COUNTRY_COLUMNS, {
    normalize: "country",
  }),
  std(
    "region",
    "category",
    "Sales region (north america, latam, europe, middle east & africa, apac)",
    ["hq region"],
    {
      fallback: { columns: ["country", ...COUNTRY_COLUMNS], normalize: "region" },
    },
  ),
  std("city", "category", "City", [
    "hq city",
    "headquarters city",
    "locality",
    "billing city",
    "billingcity",
    "company city",
    "mailing city",
  ]),
  std(
    "founded_year",
    "number",
    "Year founded",
    [
      "founded",
      "year founded",
      "founded year",
      "year_established",
      "founded date",
      "founding year",
      "year started",
      "yearstarted",
    ],
    {
      year: true,
    },
  ),
  // Not a bare "Stage": in CRM exports it is the contact's, account's or deal's stage (Cold, Warm …).
  std("funding_stage", "category", "Latest funding stage (seed, series a, …)", [
    "last funding type",
    "latest funding stage",
    "latest funding",
    "latest funding type",
    "last funding round",
    "funding round",
    "funding stage",
    "company funding stage",
    "funding type",
  ]),
  std(
    "funding_total",
    "number",
    "Total funding raised, in USD",
    [
      "total funding",
      "total funding amount",
      "total funding amount currency in usd",
      "total funding amount (in usd)",
      "total raised",
      "total money raised",
      "total equity funding amount",
    ],
    { normalize: "money" },
  ),
  std("business_model", "category", "Business model (b2b, b2c, marketplace, …)", ["model"]),
  std("tech", "list", "Technologies used, one cell separated by ; , or |", [
    "technologies",
    "tech stack",
    "techstack",
    "technology",
    "technologies used",
    "web technologies",
    "installed technologies",
  ]),
  std("description", "text", "Free-text company description", [
    "about",
    "one liner",
    "short description",
    "company description",
    "seo description",
  ]),
  std(
    "domain",
    "category",
    "Company web domain (registrable domain of the website)",
    [
      "website",
      "company domain",
      "company domain name",
      "website url",
      "company website",
      "web site",
      "url",
      "organization - website",
    ],
    { normalize: "domain" },
  ),
];

export const STANDARD_FIELD_NAMES = new Set(STANDARD_FIELDS.map((f) => f.name));

/** Column-name key used for matching: lower case, spaces, `_`, `-` and `.` removed. */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, "");
}

function pick(columns: readonly string[], header: readonly string[]): string | undefined {
  const byKey = new Map<string, string>();
  for (const h of header) {
    const k = columnKey(h);
    if (!byKey.has(k)) byKey.set(k, h);
  }
  for (const c of columns) {
    const hit = byKey.get(columnKey(c));
    if (hit !== undefined) return hit;
  }
  return undefined;
}

/**
 * Pick the input column for a field: the first of its declared columns present in the header.
 * Returns undefined when none is present.
 */
export function resolveColumn(field: FieldDecl, header: readonly string[]): string | undefined {
  return pick(field.columns, header);
}

export interface ColumnBinding {
  column: string;
  normalize: NormaliserName | null;
}

/** The column a field reads and the normaliser it goes through (its fallback when no column is present). */
export function bindField(field: FieldDecl, header: readonly string[]): ColumnBinding | undefined {
  const c = pick(field.columns, header);
  if (c !== undefined) return { column: c, normalize: field.normalize ?? null };
  for (const fb of field.fallback === undefined ? [] : ([] as FieldFallback[]).concat(field.fallback)) {
    const f = pick(fb.columns, header);
    if (f !== undefined) return { column: f, normalize: fb.normalize };
  }
  return undefined;
}
