/**
 * Industries to one canonical taxonomy: LinkedIn Industry Codes V2 (434 labels, data/industries.json).
 * Accepts V2 labels, legacy V1 names ("computer software" → "Software Development"), everyday names
 * ("SaaS", "fintech"), the picklists of Salesforce, HubSpot, Zoho, Crunchbase and ZoomInfo
 * (data/vocabularies/industries.json), lists of industries (the first that maps), small typos
 * ("technolgy") and NAICS codes ("541511", through the crosswalk scripts/build-industries.mjs
 * derives); anything else is unmapped (reported, unknown).
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

interface VocabularyFile {
  vocabularies: Record<string, { source: string; values: Record<string, string | null> }>;
}

/** CRM and vendor picklists (data/vocabularies/industries.json): value as written → V2 label, or null (not an industry). */
export const INDUSTRY_VOCABULARIES: VocabularyFile["vocabularies"] = (
  JSON.parse(readFileSync(packageFile("data/vocabularies/industries.json"), "utf8")) as VocabularyFile
).vocabularies;
const VOCAB = new Map<string, string | null>();
for (const { values } of Object.values(INDUSTRY_VOCABULARIES))
  for (const [name, label] of Object.entries(values)) {
    const k = lookupKey(name);
    if (VOCAB.has(k)) continue;
    VOCAB.set(k, label);
    // the picklists win over the everyday aliases, also for the typo match
    if (label !== null && !INDUSTRY_LABELS.has(name)) BY_KEY.set(k, label);
  }

/** A key without "and"/"or": HubSpot's codes drop them (HOSPITAL_HEALTH_CARE for "Hospital & Health Care"). */
const bareKey = (k: string) =>
  k
    .split(" ")
    .filter((w) => w !== "and" && w !== "or")
    .join(" ");
const BY_BARE_KEY = new Map<string, string>();
for (const [k, label] of BY_KEY) if (!BY_BARE_KEY.has(bareKey(k))) BY_BARE_KEY.set(bareKey(k), label);

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
  else v = lookupIndustry(s);
  if (cache.size < 100_000) cache.set(s, v);
  return v;
}

function lookupIndustry(s: string): string | null {
  const k = lookupKey(s);
  const vocab = VOCAB.get(k);
  if (vocab !== undefined) return vocab;
  const exact = BY_KEY.get(k) ?? BY_BARE_KEY.get(bareKey(k));
  if (exact) return exact;
  // A list of industries ("Artificial Intelligence (AI), Machine Learning, SaaS" — Crunchbase,
  // Apollo keywords): the first that maps. A V2 label with commas was matched whole above.
  const parts = s.split(/\s*[,;|]\s*/).filter((p) => p !== "");
  if (parts.length > 1) {
    for (const p of parts) {
      const pk = lookupKey(p);
      const hit = VOCAB.get(pk) ?? BY_KEY.get(pk) ?? BY_BARE_KEY.get(bareKey(pk));
      if (hit) return hit;
    }
    return null;
  }
  return nearest(k, BY_KEY) ?? null;
}

const SIC = (
  JSON.parse(readFileSync(packageFile("data/vocabularies/sic.json"), "utf8")) as {
    codes: Record<string, string | null>;
  }
).codes;
/** The SIC (1987) vocabulary: code prefix → V2 label (data/vocabularies/sic.json). */
export const SIC_CODES: Readonly<Record<string, string | null>> = SIC;

/**
 * The V2 label for a US SIC code (Apollo's "SIC Codes", ZoomInfo, Dun & Bradstreet): its longest
 * listed prefix; a list of codes ("8062, 8011") reads its first. Null when it is not a SIC code.
 */
export function sicIndustry(raw: RawValue): string | null {
  if (isMissing(raw)) return null;
  const first = trimWs(String(raw)).split(/\s*[,;|]\s*/)[0] ?? "";
  const m = /^(?:sic[\s:#-]*)?(\d{2,4})(?:\.0+)?$/i.exec(first);
  if (!m?.[1]) return null;
  const code = m[1].padStart(4, "0").slice(0, 4);
  for (let k = 4; k >= 2; k--) {
    const hit = SIC[code.slice(0, k)];
    if (hit !== undefined) return hit;
  }
  return null;
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
  for (const { values } of Object.values(INDUSTRY_VOCABULARIES))
    for (const name of Object.keys(values)) {
      out.add(name);
      out.add(name.toLowerCase());
    }
  return [...out];
}
