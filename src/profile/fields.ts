/** Field types a profile can test, and the standard fields every profile knows without declaring them. */

export const FIELD_TYPES = ["category", "number", "list", "text", "date", "boolean"] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

export interface FieldDecl {
  /** The field's name as criteria refer to it. */
  name: string;
  type: FieldType;
  /** Input column names tried in order (case, spaces, `_` and `-` ignored). */
  columns: string[];
  /** A number field holding a calendar year (e.g. founded_year): `within` compares years. */
  year?: boolean;
  description?: string;
}

const std = (
  name: string,
  type: FieldType,
  description: string,
  columns: string[] = [],
  year = false,
): FieldDecl => ({ name, type, description, columns: [name, ...columns], ...(year ? { year } : {}) });

/**
 * Standard fields, pre-declared. Column aliases cover plain names and the most common export
 * headers; a profile's `fields:` section overrides any of them.
 */
export const STANDARD_FIELDS: readonly FieldDecl[] = [
  std("industry", "category", "Industry or sector", ["sector", "industry name", "vertical"]),
  std("employees", "number", "Employee count", [
    "employee count",
    "employee_count",
    "number of employees",
    "numberofemployees",
    "num employees",
    "headcount",
    "company size",
  ]),
  std("revenue", "number", "Annual revenue", ["annual revenue", "annualrevenue", "revenue usd"]),
  std("country", "category", "Country (as given, or ISO 3166-1 alpha-2)", ["country code", "hq country"]),
  std("region", "category", "Region (e.g. EMEA, North America)", ["hq region"]),
  std("city", "category", "City", ["hq city", "locality"]),
  std(
    "founded_year",
    "number",
    "Year founded",
    ["founded", "year founded", "founded year", "year_established"],
    true,
  ),
  std("funding_stage", "category", "Latest funding stage (seed, series a, …)", [
    "stage",
    "last funding type",
  ]),
  std("funding_total", "number", "Total funding raised", ["total funding", "total funding amount"]),
  std("business_model", "category", "Business model (b2b, b2c, marketplace, …)", ["model"]),
  std("tech", "list", "Technologies used, one cell separated by ; , or |", [
    "technologies",
    "tech stack",
    "techstack",
    "technology",
  ]),
  std("description", "text", "Free-text company description", ["about", "one liner", "short description"]),
  std("domain", "category", "Company web domain", ["website", "company domain", "company domain name"]),
];

export const STANDARD_FIELD_NAMES = new Set(STANDARD_FIELDS.map((f) => f.name));

/** Column-name key used for matching: lower case, spaces, `_`, `-` and `.` removed. */
export function columnKey(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, "");
}

/**
 * Pick the input column for a field: the first of its declared columns present in the header.
 * Returns undefined when none is present.
 */
export function resolveColumn(field: FieldDecl, header: readonly string[]): string | undefined {
  const byKey = new Map<string, string>();
  for (const h of header) {
    const k = columnKey(h);
    if (!byKey.has(k)) byKey.set(k, h);
  }
  for (const c of field.columns) {
    const hit = byKey.get(columnKey(c));
    if (hit !== undefined) return hit;
  }
  return undefined;
}
