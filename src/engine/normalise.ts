/** The normalisers of one IR (bound to its as-of date and day order), shared by the row engines. */
import { NORMALISERS, type Normaliser, type NormaliserName } from "../data/normalise/registry.js";
import type { IrProgram } from "../ir/types.js";

export type BoundNormalisers = Partial<Record<NormaliserName, Normaliser>>;

export function bindNormalisers(ir: IrProgram): BoundNormalisers {
  const out: BoundNormalisers = {};
  const ctx = { asOf: ir.asOf, ...(ir.dayOrder ? { dayOrder: ir.dayOrder } : {}) };
  for (const c of ir.criteria) {
    if (c.normalize && !out[c.normalize]) out[c.normalize] = NORMALISERS[c.normalize].make(ctx);
  }
  return out;
}
