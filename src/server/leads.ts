/**
 * Inbound leads: a webhook body as a record (a plain JSON object, or HubSpot's form-submission
 * shapes), and the route a scored lead takes — `ae`, `nurture` or `disqualify` — decided by the
 * profile's tiers (their `route`, else the first in-ICP tier goes to an AE) or by capacity cut-offs.
 */
import { isFreeMail, registrableDomain } from "../data/normalise/domain.js";
import type { RowResult } from "../ir/types.js";
import type { Profile } from "../profile/model.js";
import { icpTiers } from "../score/rows.js";
import { HttpError } from "./http.js";

export type Route = "ae" | "nurture" | "disqualify";

type Cell = string | null;

const cell = (v: unknown): Cell => {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => String(x)).join(";");
  if (typeof v === "object") return JSON.stringify(v);
  return String(v);
};

/**
 * The lead as a flat record. Accepted: `{ "fields": [{ "name", "value" }] }` (HubSpot form
 * submissions), `{ "properties": { name: { "value" } | value } }` (HubSpot contact/company
 * webhooks), `{ "record": {...} }`, or the record itself. With no domain or website, the e-mail's
 * domain stands in (unless it is free mail).
 */
export function leadRecord(body: Record<string, unknown>): Record<string, Cell> {
  let rec: Record<string, Cell>;
  const fields = body["fields"];
  const props = body["properties"];
  if (Array.isArray(fields)) {
    rec = {};
    for (const f of fields) {
      if (f === null || typeof f !== "object") continue;
      const name = (f as Record<string, unknown>)["name"];
      if (typeof name !== "string" || name === "") continue;
      rec[name] = cell((f as Record<string, unknown>)["value"]);
    }
  } else if (props && typeof props === "object" && !Array.isArray(props)) {
    rec = {};
    for (const [k, v] of Object.entries(props as Record<string, unknown>))
      rec[k] =
        v !== null && typeof v === "object" && "value" in (v as object)
          ? cell((v as { value: unknown }).value)
          : cell(v);
  } else if (body["record"] && typeof body["record"] === "object" && !Array.isArray(body["record"])) {
    rec = cells(body["record"] as Record<string, unknown>);
  } else {
    rec = cells(body);
  }
  // With no domain or website, the e-mail's domain stands in (one pass over the keys: hot path).
  let n = 0;
  let hasSite = false;
  let emailKey: string | null = null;
  for (const k in rec) {
    n++;
    const lk = k.toLowerCase();
    if ((lk === "domain" || lk === "website" || lk === "company_domain") && rec[k] !== null && rec[k] !== "")
      hasSite = true;
    else if (lk === "email") emailKey = k;
  }
  if (n === 0)
    throw new HttpError(400, "the lead has no fields", {
      expected: 'a JSON object of fields, or HubSpot\'s { "fields": [{ "name", "value" }] }',
    });
  if (!hasSite && emailKey !== null) {
    const d = registrableDomain(rec[emailKey]);
    if (d && !isFreeMail(d)) rec["domain"] = d;
  }
  return rec;
}

function cells(o: Record<string, unknown>): Record<string, Cell> {
  const out: Record<string, Cell> = {};
  for (const k in o) {
    const v = o[k];
    out[k] = typeof v === "string" ? v : cell(v);
  }
  return out;
}

/** Score cut-offs of capacity tiers, from a score run of the same profile version. */
export interface CapacityCuts {
  run: number;
  /** Lowest score (tenths) each tier took in that run. */
  minTenths: Record<string, number>;
}

/** The tier of a result, for capacity profiles from the cut-offs of a run. */
export function leadTier(profile: Profile, r: RowResult, cuts: CapacityCuts | null): string | null {
  if (r.state !== "scored" || r.tenths === null) return null;
  if (!profile.tiers.some((t) => t.top !== undefined || t.topPercent !== undefined)) return r.tier;
  if (!cuts) return null;
  for (const t of profile.tiers) {
    const min = cuts.minTenths[t.name];
    if (min !== undefined && r.tenths >= min) return t.name;
  }
  return null;
}

/** Where a scored lead goes. */
export function leadRoute(profile: Profile, state: RowResult["state"], tier: string | null): Route {
  if (state === "disqualified") return "disqualify";
  if (state === "insufficient_data" || tier === null) return "nurture";
  const t = profile.tiers.find((x) => x.name === tier);
  if (t?.route) return t.route;
  const inIcp = icpTiers(profile);
  if (!inIcp.includes(tier)) return "nurture";
  return profile.tiers[0]?.name === tier ? "ae" : "nurture";
}
