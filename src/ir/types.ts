/**
 * The scoring IR: a profile lowered for one input (columns resolved) and one `asOf` (dates made
 * concrete). Plain data, immutable by convention, printable with JSON.stringify. Every engine
 * (interpreter, compiled JS, SQL dialects) reads only this.
 */
import type { DayOrder } from "../data/normalise/dates.js";
import type { NormaliserName } from "../data/normalise/registry.js";
import type { FieldType } from "../profile/fields.js";
import type { MissingRule, Role } from "../profile/model.js";

export type IrTest =
  | { op: "in"; values: string[] }
  | { op: "not_in"; values: string[] }
  | { op: "range"; min?: number; max?: number; minInclusive: boolean; maxInclusive: boolean }
  | { op: "any"; values: string[] }
  | { op: "all"; values: string[] }
  | { op: "none"; values: string[] }
  | { op: "contains"; keywords: string[] }
  | { op: "matches"; pattern: string }
  | { op: "is"; value: boolean }
  /** Inclusive ISO dates. */
  | { op: "date_between"; from: string; to: string }
  /** Inclusive calendar years. */
  | { op: "year_between"; from: number; to: number };

export interface IrCriterion {
  index: number;
  id: string;
  label: string;
  role: Role;
  /** Points in hundredths (integer); 0 for hard filters. */
  points: number;
  missing: MissingRule;
  field: string;
  fieldType: FieldType;
  /** The input column, or null when the input has none for this field (always missing). */
  column: string | null;
  /** Normaliser the column's values go through before the test (docs/normalisation.md). */
  normalize: NormaliserName | null;
  test: IrTest;
}

export interface IrTier {
  name: string;
  /** Minimum score in tenths. */
  minTenths?: number;
  top?: number;
  /** Top share in basis points (1% = 100). */
  topBp?: number;
}

export interface IrProgram {
  profile: { name: string; version: string; hash: string };
  asOf: string;
  /** How normalised dates read 01/02/2024 (unset: such dates are unknown). */
  dayOrder?: DayOrder;
  criteria: IrCriterion[];
  /** Sum of |points| over signals. */
  totalAbs: number;
  /** min_coverage in basis points. */
  minCoverageBp: number;
  tiers: IrTier[];
  capacity: boolean;
  /** Signal indices in reason order for met signals: |points| desc, then criterion order. */
  metOrder: number[];
}

export type Outcome = "pass" | "fail" | "unknown";
export type State = "scored" | "disqualified" | "insufficient_data";

/** One row's result for one profile. */
export interface RowResult {
  state: State;
  /** Score in tenths (0..1000), null unless scored. */
  tenths: number | null;
  /** Tier name; null unless scored and a tier applies (capacity tiers are set after ranking). */
  tier: string | null;
  reasons: string;
}
