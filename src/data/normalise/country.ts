/**
 * Countries to ISO 3166-1 alpha-2 from names (English and the main European languages, via
 * i18n-iso-countries), alpha-3 codes, common short forms ("UK", "U.S.", "USA") and small typos
 * ("Philipines"). In a country column "NA" is Namibia, never missing. Regions follow from the country.
 */
import { countries as COUNTRY_DATA } from "countries-list";
// The package's plain entry: its Node entry registers every one of its ~80 languages at start-up.
import isoCountries from "i18n-iso-countries/index.js";
import de from "i18n-iso-countries/langs/de.json" with { type: "json" };
import en from "i18n-iso-countries/langs/en.json" with { type: "json" };
import es from "i18n-iso-countries/langs/es.json" with { type: "json" };
import fr from "i18n-iso-countries/langs/fr.json" with { type: "json" };
import it from "i18n-iso-countries/langs/it.json" with { type: "json" };
import nl from "i18n-iso-countries/langs/nl.json" with { type: "json" };
import pt from "i18n-iso-countries/langs/pt.json" with { type: "json" };
import sv from "i18n-iso-countries/langs/sv.json" with { type: "json" };
import { isMissing, type RawValue, trimWs } from "../../engine/values.js";
import { lookupKey, nearest } from "./text-key.js";

const LANGS = [en, de, fr, es, it, nl, pt, sv];
for (const l of LANGS) isoCountries.registerLocale(l);

/** Short forms and historic names the locale tables lack. Keys are lookup keys. */
const ALIASES: Record<string, string> = {
  uk: "GB",
  "u k": "GB",
  "great britain": "GB",
  britain: "GB",
  england: "GB",
  scotland: "GB",
  wales: "GB",
  "northern ireland": "GB",
  "united kingdom": "GB",
  us: "US",
  "u s": "US",
  usa: "US",
  "u s a": "US",
  america: "US",
  "united states": "US",
  "united states of america": "US",
  "the netherlands": "NL",
  holland: "NL",
  "south korea": "KR",
  korea: "KR",
  "republic of korea": "KR",
  "north korea": "KP",
  russia: "RU",
  "czech republic": "CZ",
  czechia: "CZ",
  "ivory coast": "CI",
  uae: "AE",
  "u a e": "AE",
  vietnam: "VN",
  turkey: "TR",
  turkiye: "TR",
  macedonia: "MK",
  swaziland: "SZ",
  burma: "MM",
  "hong kong sar": "HK",
  "mainland china": "CN",
  prc: "CN",
  taiwan: "TW",
  iran: "IR",
  syria: "SY",
  laos: "LA",
  bolivia: "BO",
  venezuela: "VE",
  tanzania: "TZ",
  moldova: "MD",
  "vatican city": "VA",
  "cape verde": "CV",
  "east timor": "TL",
  palestine: "PS",
  brunei: "BN",
  micronesia: "FM",
};

const ALPHA2 = new Set(Object.keys(isoCountries.getAlpha2Codes()));
const ALPHA3 = isoCountries.getAlpha3Codes();

/** Names in every supported language by lookup key (built on first use: not every run reads countries). */
let names: { byKey: Map<string, string>; fuzzy: Map<string, string> } | null = null;
function nameTables(): { byKey: Map<string, string>; fuzzy: Map<string, string> } {
  if (names) return names;
  const byKey = new Map<string, string>();
  const add = (name: string, code: string) => {
    const k = lookupKey(name);
    if (k !== "" && !byKey.has(k)) byKey.set(k, code);
  };
  for (const [k, code] of Object.entries(ALIASES)) byKey.set(k, code);
  for (const l of LANGS) {
    for (const [code, all] of Object.entries(isoCountries.getNames(l.locale, { select: "all" }))) {
      for (const n of all) add(n, code);
    }
  }
  for (const [code, c] of Object.entries(COUNTRY_DATA)) {
    add(c.name, code);
    add(c.native, code);
  }
  names = { byKey, fuzzy: new Map([...byKey].filter(([k]) => k.length >= 5)) };
  return names;
}

const cache = new Map<string, string | null>();

/** ISO 3166-1 alpha-2 code of a country written in any of the supported forms, or null. */
export function countryCode(raw: RawValue): string | null {
  if (isMissing(raw)) return null;
  const s = trimWs(String(raw));
  const hit = cache.get(s);
  if (hit !== undefined) return hit;
  const v = lookupCountry(s);
  if (cache.size < 100_000) cache.set(s, v);
  return v;
}

function lookupCountry(s: string): string | null {
  const up = s.toUpperCase();
  if (up === "UK") return "GB";
  if (/^[A-Z]{2}$/.test(up) && ALPHA2.has(up)) return up;
  if (/^[A-Z]{3}$/.test(up) && ALPHA3[up]) return ALPHA3[up] ?? null;
  const k = lookupKey(s);
  const { byKey, fuzzy } = nameTables();
  const exact = byKey.get(k);
  if (exact) return exact;
  // A location ("Boston, Massachusetts, United States" — Crunchbase, LinkedIn): its last part
  const parts = s
    .split(",")
    .map((p) => trimWs(p))
    .filter((p) => p !== "");
  if (parts.length > 1) {
    const last = parts[parts.length - 1] ?? "";
    const lk = lookupKey(last);
    const lu = last.toUpperCase();
    if (lu === "UK") return "GB";
    if (/^[A-Z]{3}$/.test(lu) && ALPHA3[lu]) return ALPHA3[lu] ?? null;
    return byKey.get(lk) ?? null;
  }
  return nearest(k, fuzzy) ?? null;
}

/** Canonical scoring form: the alpha-2 code; an alpha-2 code passes through unchanged. */
export function normaliseCountry(raw: RawValue): string | null {
  return countryCode(raw);
}

export function isCountryCode(s: string): boolean {
  return ALPHA2.has(s);
}

/** Sales regions, as revenue teams split the world. */
export const REGIONS = ["north america", "latam", "europe", "middle east & africa", "apac"] as const;
export type Region = (typeof REGIONS)[number];

const MIDDLE_EAST = new Set([
  "AE",
  "SA",
  "IL",
  "QA",
  "KW",
  "BH",
  "OM",
  "JO",
  "LB",
  "IQ",
  "IR",
  "SY",
  "YE",
  "PS",
  "EG",
]);
const NORTH_AMERICA = new Set(["US", "CA", "PM", "GL", "BM", "UM"]);

/** The sales region of an alpha-2 code: continent, with the Middle East grouped with Africa and Mexico, Central America and the Caribbean in LATAM. */
export function regionOf(code: string): Region | null {
  if (MIDDLE_EAST.has(code)) return "middle east & africa";
  if (code === "TR" || code === "CY") return "europe";
  const c = (COUNTRY_DATA as Record<string, { continent: string } | undefined>)[code];
  if (!c) return null;
  switch (c.continent) {
    case "NA":
      return NORTH_AMERICA.has(code) ? "north america" : "latam";
    case "SA":
      return "latam";
    case "EU":
      return "europe";
    case "AF":
      return "middle east & africa";
    case "AS":
    case "OC":
      return "apac";
    default:
      return null;
  }
}

/** Region derived from a country cell (used when the input has no region column). */
export function regionFromCountry(raw: RawValue): string | null {
  const c = countryCode(raw);
  return c === null ? null : regionOf(c);
}
