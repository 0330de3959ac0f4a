/**
 * Industries to one canonical taxonomy: LinkedIn Industry Codes V2 (434 labels, data/industries.json).
 * Accepts V2 labels, legacy V1 names ("computer software" → "Software Development"), everyday names
 * ("SaaS", "fintech"), small typos ("technolgy") and NAICS codes ("541511", through the crosswalk
 * scripts/build-industries.mjs derives); anything else is unmapped (reported, unknown).
 */

import { readFileSync } from "node:fs";
import { isMissing, type RawValue, trimWs } from "../../engine/values.js";
import { packageFile } from "../../package-root.js";
import { lookupKey, nearest } from "./text-key.js";

interface IndustryFile {
  industries: { id: number; label: string; category: string; hierarchy: string }[];
  aliases: Record<string, number>;
  /** NAICS 2022 code (2–6 digits, plus common 2017 codes) → V2 id. */
  naics: Record<string, number>;
}

const FILE = JSON.parse(readFileSync(packageFile("data/industries.json"), "utf8")) as IndustryFile;

export const INDUSTRIES: readonly { id: number; label: string; category: string; hierarchy: string }[] =
  FILE.industries;
const LABEL_BY_ID = new Map(FILE.industries.map((i) => [i.id, i.label]));
export const INDUSTRY_LABELS: ReadonlySet<string> = new Set(FILE.industries.map((i) => i.label));

const BY_KEY = new Map<string, string>();
for (const i of FILE.industries) BY_KEY.set(lookupKey(i.label), i.label);
for (const [name, id] of Object.entries(FILE.aliases)) {
  const label = LABEL_BY_ID.get(id);
  if (label !== undefined && !BY_KEY.has(lookupKey(name))) BY_KEY.set(lookupKey(name), label);
}

const NAICS_RE = /^(?:naics[\s:#-]*)?(\d{2,6})(?:\.0+)?$/i;

/** The V2 label for a NAICS code (2022, or a common 2017 code): the longest known prefix decides. */
export function naicsIndustry(code: string): string | null {
  const m = NAICS_RE.exec(code.trim());
  if (!m?.[1]) return null;
  for (let s = m[1]; s.length >= 2; s = s.slice(0, -1)) {
    const id = FILE.naics[s];
    if (id !== undefined) return LABEL_BY_ID.get(id) ?? null;
  }
  return null;
}

const cache = new Map<string, string | null>();

/** The V2 label for an industry as written, or null when it cannot be mapped. */
export function industryLabel(raw: RawValue): string | null {
  if (isMissing(raw)) return null;
  const s = trimWs(String(raw));
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  let v: string | null;
  if (NAICS_RE.test(s)) v = naicsIndustry(s);
  else {
    const k = lookupKey(s);
    v = BY_KEY.get(k) ?? nearest(k, BY_KEY) ?? null;
  }
  if (cache.size < 100_000) cache.set(s, v);
  return v;
}

/** Scoring form: the V2 label; a V2 label passes through unchanged. */
export function normaliseIndustry(raw: RawValue): string | null {
  if (typeof raw === "string" && INDUSTRY_LABELS.has(raw)) return raw;
  return industryLabel(raw);
}

/** Spellings worth a direct SQL look-up (V2 labels and aliases, as written and in lower case). */
export function industrySpellings(): string[] {
  const out = new Set<string>();
  for (const i of FILE.industries) {
    out.add(i.label);
    out.add(i.label.toLowerCase());
  }
  for (const name of Object.keys(FILE.aliases)) {
    out.add(name);
    out.add(name.toLowerCase());
  }
  return [...out];
}
