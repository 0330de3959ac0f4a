/** A checked profile: every reference resolved, every default applied. Immutable by convention. */
import type { FieldDecl } from "./fields.js";

export type Test =
  | { op: "in"; values: string[] }
  | { op: "not_in"; values: string[] }
  | { op: "range"; min?: number; max?: number; minInclusive: boolean; maxInclusive: boolean }
  | { op: "any"; values: string[] }
  | { op: "all"; values: string[] }
  | { op: "none"; values: string[] }
  | { op: "contains"; keywords: string[] }
  | { op: "matches"; pattern: string }
  | { op: "is"; value: boolean }
  | { op: "within"; days?: number; months?: number; years?: number };

export type Role = "require" | "exclude" | "signal";
export type MissingRule = "unknown" | "pass" | "fail";

export interface Criterion {
  id: string;
  label: string;
  field: FieldDecl;
  test: Test;
  role: Role;
  /** Points when met; 0 for hard filters. */
  weight: number;
  missing: MissingRule;
}

export interface Tier {
  name: string;
  minScore?: number;
  top?: number;
  topPercent?: number;
  route?: "ae" | "nurture" | "disqualify";
}

export interface Profile {
  name: string;
  version: string;
  description?: string;
  owner?: string;
  /** Where `icp discover` learned it (files and their SHA-256, the last outcome date it saw). */
  discovered?: Discovered;
  /** Share (0..1) of the total |weight| that must be known for a row to be scored. */
  minCoverage: number;
  fields: Map<string, FieldDecl>;
  criteria: Criterion[];
  tiers: Tier[];
  /** Buyer personas (may be empty). */
  personas: Persona[];
  /** First 12 hex chars of the SHA-256 of the canonical profile content. */
  hash: string;
  /** The file it came from, if any. */
  file?: string;
}

export interface Discovered {
  from: { file: string; sha256: string }[];
  asOf?: string;
  /** The latest outcome (close date) among the examples it was learned from. */
  outcomesThrough?: string;
  examples?: number;
}

export interface Persona {
  name: string;
  functions: string[];
  seniorities: string[];
  /** Folded keywords. */
  include: string[];
  exclude: string[];
  role: "decision_maker" | "champion" | "influencer" | "blocker";
}

export const DEFAULT_MIN_COVERAGE = 0.5;
export const DEFAULT_TIERS: readonly Tier[] = [
  { name: "A", minScore: 75 },
  { name: "B", minScore: 50 },
  { name: "C" },
];
