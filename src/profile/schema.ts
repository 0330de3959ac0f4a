/**
 * The profile file's shape, as a zod schema. It checks structure only (keys, types, ranges of single
 * values); meaning (field exists, test fits the field's type, tiers reachable) is checked in
 * `check.ts`. The JSON Schema that editors use is generated from this one (`icp schema`).
 */
import { z } from "zod";
import { NORMALISER_NAMES } from "../data/normalise/registry.js";
import { FIELD_TYPES } from "./fields.js";

const nonEmpty = z.string().min(1);
const valueList = z
  .array(z.union([z.string(), z.number(), z.boolean()]))
  .min(1)
  .describe("One or more values, compared case-insensitively");

export const rangeSchema = z
  .strictObject({
    min: z.number().optional().describe("Lower bound, inclusive"),
    max: z.number().optional().describe("Upper bound, inclusive"),
    above: z.number().optional().describe("Lower bound, exclusive"),
    below: z.number().optional().describe("Upper bound, exclusive"),
  })
  .describe("A numeric range; give at least one end. min/max include the end, above/below exclude it");

export const durationSchema = z
  .strictObject({
    days: z.number().int().nonnegative().optional(),
    months: z.number().int().nonnegative().optional(),
    years: z.number().int().nonnegative().optional(),
  })
  .describe("A period back from as_of: exactly one of days, months or years");

export const TEST_KEYS = [
  "in",
  "not_in",
  "range",
  "any",
  "all",
  "none",
  "contains",
  "matches",
  "is",
  "within",
] as const;
export type TestKey = (typeof TEST_KEYS)[number];
export const ROLE_KEYS = ["require", "exclude", "weight"] as const;

export const criterionSchema = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z][a-z0-9_]*$/, "lower-case letters, digits and _, starting with a letter")
      .optional()
      .describe("Stable identifier; defaults to one made from the label"),
    label: nonEmpty.describe("Human label used in reasons"),
    field: nonEmpty.describe("The field tested: a standard field or one declared under `fields`"),
    description: z.string().optional(),
    in: valueList.optional().describe("Category: value is one of these"),
    not_in: valueList.optional().describe("Category: value is none of these"),
    range: rangeSchema.optional(),
    any: valueList.optional().describe("List: has at least one of these items"),
    all: valueList.optional().describe("List: has every one of these items"),
    none: valueList.optional().describe("List: has none of these items"),
    contains: valueList.optional().describe("Text: contains any of these keywords (case-insensitive)"),
    matches: nonEmpty
      .optional()
      .describe("Text: matches this regular expression (case-insensitive, RE2 subset)"),
    is: z.boolean().optional().describe("Boolean: value is true / false"),
    within: durationSchema.optional().describe("Date: on or before as_of and no older than this"),
    require: z.literal(true).optional().describe("Hard filter: a row that fails it is disqualified"),
    exclude: z.literal(true).optional().describe("Hard filter: a row that matches it is disqualified"),
    weight: z
      .number()
      .min(-1000)
      .max(1000)
      .optional()
      .describe("Soft signal: points when met (may be negative)"),
    missing: z
      .enum(["unknown", "pass", "fail"])
      .optional()
      .describe("When the value is missing: unknown (default; not counted as evidence), pass, or fail"),
  })
  .describe("One criterion: a field, one test, and a role (require, exclude or weight)");

export const fieldDeclSchema = z
  .strictObject({
    type: z.enum(FIELD_TYPES),
    column: nonEmpty.optional().describe("Input column holding this field"),
    columns: z.array(nonEmpty).min(1).optional().describe("Input columns tried in order"),
    year: z.boolean().optional().describe("A number holding a calendar year (within compares years)"),
    normalize: z
      .enum([...NORMALISER_NAMES, "none"])
      .optional()
      .describe(
        "Normaliser applied to the values before testing (standard fields have one; `none` turns it off)",
      ),
    description: z.string().optional(),
  })
  .describe("Declares a field (or re-maps a standard one)");

export const tierSchema = z
  .strictObject({
    name: nonEmpty,
    min_score: z.number().min(0).max(100).optional().describe("Score at or above which a row may enter"),
    top: z
      .number()
      .int()
      .positive()
      .optional()
      .describe("Capacity: only the N best scored rows (cumulative)"),
    top_percent: z
      .number()
      .gt(0)
      .max(100)
      .optional()
      .describe("Capacity: only the best P% of scored rows (cumulative)"),
    route: z.enum(["ae", "nurture", "disqualify"]).optional().describe("Where a lead in this tier goes"),
    description: z.string().optional(),
  })
  .describe("A tier: rows take the first tier whose conditions all hold");

export const FUNCTIONS = [
  "engineering",
  "data_science",
  "product",
  "design",
  "sales",
  "marketing",
  "customer_success",
  "operations",
  "finance",
  "hr",
  "legal",
  "it_security",
  "executive",
] as const;
export const SENIORITY_LEVELS = [
  "owner_founder",
  "c_level",
  "vp",
  "head_director",
  "manager",
  "senior_ic",
  "ic",
  "entry",
] as const;
export const COMMITTEE_ROLES = ["decision_maker", "champion", "influencer", "blocker"] as const;

export const personaSchema = z
  .strictObject({
    name: nonEmpty,
    functions: z
      .array(z.enum(FUNCTIONS))
      .min(1)
      .optional()
      .describe("The contact's title names one of these functions"),
    seniorities: z.array(z.enum(SENIORITY_LEVELS)).min(1).optional().describe("…at one of these levels"),
    include: z
      .array(nonEmpty)
      .min(1)
      .optional()
      .describe("Title keywords that match this persona on their own"),
    exclude: z.array(nonEmpty).min(1).optional().describe("Title keywords that never match it"),
    role: z.enum(COMMITTEE_ROLES).optional().describe("Role in the buying committee"),
    description: z.string().optional(),
  })
  .describe("A buyer persona: who, by title, inside an account");

const percentString = z.string().regex(/^\d+(\.\d+)?%$/, "a percentage such as 60%");

export const profileSchema = z
  .strictObject({
    $schema: z.string().optional(),
    icp: z.literal(1).optional().describe("Format version of this file"),
    name: nonEmpty.describe("Profile name"),
    version: z.union([z.string(), z.number()]).optional().describe("Your version of this profile"),
    description: z.string().optional(),
    owner: z.string().optional(),
    discovered: z
      .strictObject({
        from: z
          .array(
            z.strictObject({
              file: nonEmpty,
              sha256: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in hex"),
            }),
          )
          .optional(),
        as_of: z.string().optional(),
        outcomes_through: z.string().optional(),
        examples: z.number().int().min(0).optional(),
      })
      .optional()
      .describe("Where `icp discover` learned this profile: validate it on outcomes after outcomes_through"),
    fields: z.record(z.string().regex(/^[a-z][a-z0-9_]*$/), fieldDeclSchema).optional(),
    min_coverage: z
      .union([z.number().min(0).max(1), percentString])
      .optional()
      .describe("Share of the total |weight| that must be known to score a row (default 0.5)"),
    criteria: z.array(criterionSchema).min(1),
    tiers: z.array(tierSchema).min(1).optional(),
    personas: z
      .array(personaSchema)
      .min(1)
      .optional()
      .describe("Buyer personas and their buying-committee roles"),
  })
  .describe("An Ideal Customer Profile (icpkit)");

export type ProfileSpec = z.infer<typeof profileSchema>;
export type CriterionSpec = z.infer<typeof criterionSchema>;
export type TierSpec = z.infer<typeof tierSchema>;
export type PersonaSpec = z.infer<typeof personaSchema>;

/** The JSON Schema of the profile format. */
export function profileJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(profileSchema, { target: "draft-2020-12" }) as Record<string, unknown>;
  return { $id: "https://icpkit.dev/schema/profile-1.json", title: "icpkit profile", ...schema };
}
