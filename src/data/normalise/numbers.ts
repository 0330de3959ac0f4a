/**
 * Human-written quantities: employee counts ("51-200", "1,001-5,000", "10k+", "~45") and money
 * ("$1.2M", "€5m", "12,5 Mio. €", "1.5 billion", "10M-50M"). docs/normalisation.md states the rules.
 */
import { isMissing, type RawValue, toNumber, trimWs } from "../../engine/values.js";

export type Parse<T> = { ok: true; value: T; note?: string } | { ok: false; reason: string };

const DASH = /\s*(?:-|–|—|to|bis|à)\s*/;
const APPROX = /^(?:~|≈|approx\.?|approximately|about|around|circa|ca\.?|c\.|est\.?|roughly)\s*/;

/**
 * A decimal written with thousands separators or a decimal comma. `allowFraction` decides how a
 * lone separator followed by exactly three digits reads: "1,500" is 1500 for both, "1.5" and "12,5"
 * are fractions only when fractions are allowed (money, or a unit follows).
 */
export function parseLooseDecimal(s: string, allowFraction: boolean): number | null {
  const t = s.replace(/[\s\u00a0\u202f']/g, "");
  if (!/^\d[\d.,]*$/.test(t) && !/^[.,]\d+$/.test(t)) return null;
  const commas = (t.match(/,/g) ?? []).length;
  const dots = (t.match(/\./g) ?? []).length;
  let normal: string;
  if (commas > 0 && dots > 0) {
    // The later separator is the decimal mark: 1,234.56 or 1.234,56.
    const decimalIsDot = t.lastIndexOf(".") > t.lastIndexOf(",");
    const thousands = decimalIsDot ? "," : ".";
    const decimal = decimalIsDot ? "." : ",";
    if (t.split(decimal).length - 1 > 1) return null;
    const [intPart = "", frac = ""] = t.split(decimal);
    // Western grouping (1,234,567) or Indian (12,34,567: thousands, then pairs — lakh and crore)
    const western = /^\d{1,3}([.,]\d{3})*$/.test(intPart);
    const indian = thousands === "," && /^\d{1,2}(,\d{2})+,\d{3}$/.test(intPart);
    if ((!western && !indian) || intPart.includes(decimal)) return null;
    normal = `${intPart.split(thousands).join("")}.${frac}`;
  } else if (commas + dots === 0) {
    normal = t;
  } else {
    const sep = commas > 0 ? "," : ".";
    const parts = t.split(sep);
    const grouped =
      parts.length > 1 && /^\d{1,3}$/.test(parts[0] ?? "") && parts.slice(1).every((p) => /^\d{3}$/.test(p));
    const indian = sep === "," && /^\d{1,2}(,\d{2})+,\d{3}$/.test(t);
    if (parts.length > 2) {
      if (!grouped && !indian) return null;
      normal = parts.join("");
    } else if (grouped && parts[0] !== "0") {
      // "1,500" / "1.500": one separator followed by exactly three digits is a thousands separator.
      normal = parts.join("");
    } else {
      if (!allowFraction) return null;
      normal = `${parts[0] === "" ? "0" : parts[0]}.${parts[1]}`;
    }
  }
  const n = Number(normal);
  return Number.isFinite(n) ? n : null;
}

const EMPLOYEE_UNITS: Record<string, number> = { k: 1e3, m: 1e6 };
const EMPLOYEE_NOISE = /\s*(?:employees?|people|staff|persons?|fte|mitarbeiter|salariés|empleados)\.?$/;

function employeeToken(s: string): number | null {
  const m = /^(.*?)\s*([km])?$/.exec(s);
  if (!m) return null;
  const unit = m[2] ? (EMPLOYEE_UNITS[m[2]] ?? 1) : 1;
  const n = parseLooseDecimal(m[1] ?? "", unit !== 1);
  return n === null ? null : Math.round(n * unit);
}

/**
 * Employee count from a number, a range or an open range. A range becomes its midpoint rounded
 * down ("51-200" → 125); an open range its lower bound ("10k+" → 10000, "> 500" → 501); an
 * approximate count its number ("~45" → 45).
 */
export function parseEmployees(raw: RawValue): Parse<number> {
  if (isMissing(raw)) return { ok: false, reason: "missing" };
  if (typeof raw === "number")
    return Number.isFinite(raw) && raw >= 0 ? { ok: true, value: raw } : { ok: false, reason: "not a count" };
  if (typeof raw === "bigint") return { ok: true, value: Number(raw) };
  if (typeof raw !== "string") return { ok: false, reason: "not a count" };
  let s = trimWs(raw).toLowerCase().replace(EMPLOYEE_NOISE, "");
  let note: string | undefined;
  if (APPROX.test(s)) {
    s = s.replace(APPROX, "");
    note = "approximate";
  }
  let m = /^(.+?)\s*\+$/.exec(s) ?? /^(?:>=?|≥|over|more than|at least|min\.?)\s*(.+)$/.exec(s);
  if (m) {
    const lo = employeeToken(trimWs(m[1] ?? ""));
    if (lo === null) return { ok: false, reason: `not a count: "${raw}"` };
    const strict = /^>(?!=)|^over|^more than/.test(s);
    return { ok: true, value: strict ? lo + 1 : lo, note: "open range: lower bound" };
  }
  m = /^(?:<=?|≤|under|less than|fewer than|up to|max\.?)\s*(.+)$/.exec(s);
  if (m) {
    const hi = employeeToken(trimWs(m[1] ?? ""));
    if (hi === null) return { ok: false, reason: `not a count: "${raw}"` };
    return { ok: true, value: Math.floor(hi / 2), note: "range below a bound: midpoint of 0 and the bound" };
  }
  const parts = s.split(DASH);
  if (parts.length === 2 && parts[0] !== "" && parts[1] !== "") {
    // "10-50k": the unit written once applies to both ends.
    let a = trimWs(parts[0] ?? "");
    const b = trimWs(parts[1] ?? "");
    const unit = /([km])$/.exec(b)?.[1];
    if (unit && !/[km]$/.test(a)) a += unit;
    const lo = employeeToken(a);
    const hi = employeeToken(b);
    if (lo === null || hi === null) return { ok: false, reason: `not a count range: "${raw}"` };
    if (lo > hi) return { ok: false, reason: `range runs backwards: "${raw}"` };
    return { ok: true, value: Math.floor((lo + hi) / 2), note: "range: midpoint" };
  }
  const n = employeeToken(s);
  if (n === null) return { ok: false, reason: `not a count: "${raw}"` };
  return note ? { ok: true, value: n, note } : { ok: true, value: n };
}

/**
 * Fixed reference rates, US dollars per unit of each currency, for 2 January 2025 (rounded ECB
 * reference rates). Fixed on purpose: a score must not change because a rate moved. Amounts in
 * other currencies are unknown (reported), not guessed.
 */
export const FX_DATE = "2025-01-02";
export const USD_PER_UNIT: Readonly<Record<string, number>> = {
  USD: 1,
  EUR: 1.035,
  GBP: 1.25,
  CHF: 1.1,
  JPY: 0.00636,
  CAD: 0.695,
  AUD: 0.62,
  NZD: 0.56,
  INR: 0.01167,
  SEK: 0.0905,
  NOK: 0.088,
  DKK: 0.139,
  PLN: 0.242,
  CZK: 0.0412,
  CNY: 0.137,
  HKD: 0.1287,
  SGD: 0.733,
  KRW: 0.00068,
  BRL: 0.162,
  MXN: 0.0485,
  ZAR: 0.053,
  ILS: 0.274,
  AED: 0.2723,
};

const CURRENCY_SIGNS: [RegExp, string][] = [
  [/us\$|usd|\$/, "USD"],
  [/c\$|cad/, "CAD"],
  [/a\$|aud/, "AUD"],
  [/nz\$|nzd/, "NZD"],
  [/€|eur(?:o|os)?\b|eur/, "EUR"],
  [/£|gbp/, "GBP"],
  [/chf|fr\./, "CHF"],
  [/¥|jpy|yen/, "JPY"],
  [/₹|inr|rs\.?/, "INR"],
  [/sek|nok|dkk|pln|czk|cny|rmb|hkd|sgd|krw|₩|brl|r\$|mxn|zar|ils|₪|aed/, ""],
];
const CURRENCY_CODE_ALIASES: Record<string, string> = { rmb: "CNY", "₩": "KRW", r$: "BRL", "₪": "ILS" };

const MONEY_UNITS: [RegExp, number][] = [
  [/^(?:k|thousand|tsd\.?|tausend)$/, 1e3],
  [/^(?:m|mm|mn|mio\.?|million|millions|mill?\.?)$/, 1e6],
  [/^(?:b|bn|bln|bil\.?|bill\.?|billion|billions|mrd\.?|milliarden?|milliards?)$/, 1e9],
  [/^(?:t|tn|trillion)$/, 1e12],
];

function moneyToken(s: string): number | null {
  const m = /^([\d.,\s\u00a0']*\d|[.,]\d+)\s*([a-z.]*)$/.exec(s);
  if (!m) return null;
  let mult = 1;
  if (m[2]) {
    const hit = MONEY_UNITS.find(([re]) => re.test(m[2] ?? ""));
    if (!hit) return null;
    mult = hit[1];
  }
  const n = parseLooseDecimal(m[1] ?? "", true);
  return n === null ? null : n * mult;
}

export interface Money {
  /** Amount in US dollars (converted at the fixed rate table). */
  usd: number;
  /** The currency found (ISO 4217), or the default when none was written. */
  currency: string;
}

/**
 * Money with currency and units. A range becomes its midpoint; an open range its lower bound.
 * With no currency written, `defaultCurrency` (USD) applies.
 */
export function parseMoney(
  raw: RawValue,
  defaultCurrency = "USD",
  rates: Readonly<Record<string, number>> = USD_PER_UNIT,
): Parse<Money> {
  if (isMissing(raw)) return { ok: false, reason: "missing" };
  if (typeof raw === "number") {
    if (!Number.isFinite(raw)) return { ok: false, reason: "not an amount" };
    const r = rates[defaultCurrency];
    if (r === undefined) return { ok: false, reason: `currency ${defaultCurrency} has no rate` };
    return { ok: true, value: { usd: Math.round(raw * r * 100) / 100, currency: defaultCurrency } };
  }
  if (typeof raw !== "string") return { ok: false, reason: "not an amount" };
  let s = trimWs(raw).toLowerCase().replace(APPROX, "");
  let currency: string | null = null;
  for (const [re, code] of CURRENCY_SIGNS) {
    const m = re.exec(s);
    if (m) {
      currency = code || CURRENCY_CODE_ALIASES[m[0]] || m[0].toUpperCase();
      s = s.replace(re, " ").replace(new RegExp(re.source, "g"), " ");
      break;
    }
  }
  s = trimWs(s.replace(/\s+/g, " ")).replace(/\s*(?:per year|\/\s*(?:yr|year)|p\.a\.|annual|arr)$/, "");
  const cur = currency ?? defaultCurrency;
  const rate = rates[cur];
  if (rate === undefined)
    return {
      ok: false,
      reason:
        rates === USD_PER_UNIT
          ? `currency ${cur} has no rate in the fixed table (${FX_DATE})`
          : `currency ${cur} has no rate in the rates file`,
    };
  let open = false;
  const plus = /^(.+?)\s*\+$/.exec(s) ?? /^(?:>=?|≥|over|more than|above)\s*(.+)$/.exec(s);
  if (plus) {
    s = trimWs(plus[1] ?? "");
    open = true;
  }
  // "<$1M", "Under $500,000" (ZoomInfo, Crunchbase revenue bands): the midpoint of 0 and the bound
  const below = /^(?:<=?|≤|under|less than|up to|below)\s*(.+)$/.exec(s);
  if (below) {
    const hi = moneyToken(trimWs(below[1] ?? ""));
    if (hi === null) return { ok: false, reason: `not an amount: "${raw}"` };
    const usd = Math.round((hi / 2) * rate * 100) / 100;
    return {
      ok: true,
      value: { usd, currency: cur },
      note: "range below a bound: midpoint of 0 and the bound",
    };
  }
  const parts = s.split(DASH);
  let amount: number | null;
  let note: string | undefined = open ? "open range: lower bound" : undefined;
  if (parts.length === 2 && trimWs(parts[0] ?? "") !== "" && trimWs(parts[1] ?? "") !== "") {
    let a = trimWs(parts[0] ?? "");
    const b = trimWs(parts[1] ?? "");
    const unit = /\d\s*([a-z.]+)$/.exec(b)?.[1];
    if (unit && /\d$/.test(a)) a = `${a}${unit}`;
    const lo = moneyToken(a);
    const hi = moneyToken(b);
    if (lo === null || hi === null) return { ok: false, reason: `not an amount range: "${raw}"` };
    if (lo > hi) return { ok: false, reason: `range runs backwards: "${raw}"` };
    amount = (lo + hi) / 2;
    note = "range: midpoint";
  } else {
    amount = moneyToken(s);
  }
  if (amount === null) return { ok: false, reason: `not an amount: "${raw}"` };
  const usd = Math.round(amount * rate * 100) / 100;
  return { ok: true, value: { usd, currency: cur }, ...(note ? { note } : {}) };
}

/**
 * "1.000", "12.300", "145.000": digits, one or more dots each followed by exactly three digits. A
 * plain number to a machine, but employee counts are whole and amounts are not written to three
 * decimals, so in these fields it is a thousands separator (German, Dutch, Spanish … exports).
 * The SQL engines test the same pattern (`DOT_GROUPED_PATTERN`) before their number fast path.
 */
export const DOT_GROUPED_PATTERN = "^[1-9][0-9]{0,2}([.][0-9]{3})+$";
const DOT_GROUPED = new RegExp(DOT_GROUPED_PATTERN);

/** Scoring form: the canonical number as text, or null (unknown). Canonical input passes through. */
export function normaliseEmployees(raw: RawValue): string | null {
  if (typeof raw === "string" && toNumber(raw) !== null && !DOT_GROUPED.test(trimWs(raw))) return raw;
  const p = parseEmployees(raw);
  return p.ok ? String(p.value) : null;
}

export function normaliseMoney(raw: RawValue): string | null {
  if (typeof raw === "string" && toNumber(raw) !== null && !DOT_GROUPED.test(trimWs(raw))) return raw;
  const p = parseMoney(raw);
  return p.ok ? String(p.value.usd) : null;
}

/** Scoring form of an amount written in thousands: the dollars it means. */
export function normaliseMoneyThousands(raw: RawValue): string | null {
  const p = parseMoney(raw);
  return p.ok ? String(Math.round(p.value.usd * 1000 * 100) / 100) : null;
}
