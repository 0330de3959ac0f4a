/**
 * Reading a deals table row by row, the one way every command does: the outcome from the stage,
 * the CRM's IsWon / IsClosed flags and a `--stage-map`; the amount in US dollars from its own
 * currency column (Salesforce CurrencyIsoCode, HubSpot "Amount Currency") and a rates file. A
 * table whose amounts are in several currencies is refused without rates: summing pesos and dollars
 * would make every deal-size figure wrong without a word.
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";
import { isMissing, type RawValue, trimWs } from "../engine/values.js";
import { InputError } from "../io/formats.js";
import { columnOf, type LoadedTable } from "./load.js";
import { FX_DATE, parseMoney, USD_PER_UNIT } from "./normalise/numbers.js";
import { dealOutcome, type StageMap, type StageReading } from "./normalise/stage.js";

/** US dollars per unit of each currency (ISO 4217 codes, upper case). */
export type FxRates = ReadonlyMap<string, number>;

export interface DealReadOptions {
  stageMap?: StageMap;
  /** Exchange rates from `--fx`; without them only one currency per table is accepted. */
  fx?: FxRates;
  /** The file the rates came from, for messages. */
  fxFile?: string;
}

/**
 * A rates file: a header with a currency column (currency, code, iso) and a rate column
 * (usd_per_unit, rate, to_usd, usd): how many US dollars one unit buys.
 */
export function readFxFile(path: string): FxRates {
  let text: string;
  try {
    text = readFileSync(path, "utf8").replace(/^\uFEFF/, "");
  } catch (e) {
    throw new InputError(
      `cannot read the rates file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      {
        file: path,
      },
    );
  }
  const parsed = Papa.parse<string[]>(text.trim(), { skipEmptyLines: true });
  const [header = [], ...rows] = parsed.data;
  const keys = header.map((h) => h.trim().toLowerCase());
  const ci = keys.findIndex((k) =>
    ["currency", "code", "iso", "currency code", "currencyisocode"].includes(k),
  );
  const ri = keys.findIndex((k) => ["usd_per_unit", "usd per unit", "rate", "to_usd", "usd"].includes(k));
  if (ci < 0 || ri < 0)
    throw new InputError(
      `expected a header with a currency column and a rate column; found ${header.map((h) => JSON.stringify(h)).join(", ")}`,
      { file: path, line: 1, hint: "currency,usd_per_unit — e.g. EUR,1.08 (one euro buys 1.08 US dollars)" },
    );
  const out = new Map<string, number>([["USD", 1]]);
  rows.forEach((r, i) => {
    const code = trimWs(r[ci] ?? "").toUpperCase();
    const rate = Number(trimWs(r[ri] ?? "").replace(",", "."));
    if (!/^[A-Z]{3}$/.test(code))
      throw new InputError(`expected a three-letter currency code, found ${JSON.stringify(r[ci] ?? "")}`, {
        file: path,
        line: i + 2,
        field: header[ci] ?? "currency",
      });
    if (!Number.isFinite(rate) || rate <= 0)
      throw new InputError(
        `expected a positive number of US dollars per ${code}, found ${JSON.stringify(r[ri] ?? "")}`,
        {
          file: path,
          line: i + 2,
          field: header[ri] ?? "rate",
        },
      );
    out.set(code, rate);
  });
  return out;
}

export interface DealReader {
  outcome(row: Readonly<Record<string, RawValue>>): StageReading | null;
  /** The amount in US dollars, or null (missing or unreadable). */
  amount(row: Readonly<Record<string, RawValue>>): number | null;
  /** Amounts per currency found in the currency column (empty without one). */
  currencies: ReadonlyMap<string, number>;
  /** How amounts were converted, when they were. */
  conversion: string | null;
}

const CURRENCY_CODE = /^[A-Za-z]{3}$/;

/** The reader of a deals table, with its options (`LoadedTable.dealRead`). Throws on mixed currencies without rates. */
export function dealReader(deals: LoadedTable, opts: DealReadOptions = deals.dealRead ?? {}): DealReader {
  const cStage = columnOf(deals, "stage");
  const cWon = columnOf(deals, "is_won");
  const cClosed = columnOf(deals, "is_closed");
  const cAmount = columnOf(deals, "amount");
  const cCurrency = columnOf(deals, "currency");
  const currencies = new Map<string, number>();
  if (cCurrency && cAmount) {
    deals.rows.forEach((row, i) => {
      const c = row[cCurrency];
      if (isMissing(c) || isMissing(row[cAmount])) return;
      const code = trimWs(String(c)).toUpperCase();
      if (!CURRENCY_CODE.test(code))
        throw new InputError(
          `expected a three-letter currency code (ISO 4217), found ${JSON.stringify(String(c))}`,
          {
            file: deals.file,
            line: i + 2,
            field: cCurrency,
          },
        );
      currencies.set(code, (currencies.get(code) ?? 0) + 1);
    });
  }
  const listed = [...currencies].sort((a, b) => b[1] - a[1]).map(([c, n]) => `${c} ${n}`);
  let rates: ReadonlyMap<string, number> | Readonly<Record<string, number>> = USD_PER_UNIT;
  let conversion: string | null = null;
  if (currencies.size > 0) {
    if (opts.fx) {
      const missing = [...currencies.keys()].filter((c) => !opts.fx?.has(c));
      if (missing.length)
        throw new InputError(`no exchange rate for ${missing.join(", ")} (deals in ${listed.join(", ")})`, {
          file: opts.fxFile ?? deals.file,
          field: cCurrency,
          hint: `add a line per currency to the rates file: ${missing.map((m) => `${m},<US dollars per ${m}>`).join("; ")}`,
        });
      rates = opts.fx;
      conversion = `amounts converted to USD with ${opts.fxFile ?? "the given rates"} (${listed.join(", ")})`;
    } else if (currencies.size > 1) {
      throw new InputError(
        `deal amounts in ${currencies.size} currencies (${listed.join(", ")}) and no exchange rates: deal sizes cannot be added or compared`,
        {
          file: deals.file,
          field: cCurrency,
          hint: "pass --fx rates.csv (currency,usd_per_unit per line, e.g. MXN,0.055) to convert them, or split the file by currency",
        },
      );
    } else {
      const [only = "USD"] = currencies.keys();
      if (only !== "USD") {
        if (USD_PER_UNIT[only] === undefined)
          throw new InputError(`deal amounts in ${only}, which has no rate in the fixed table (${FX_DATE})`, {
            file: deals.file,
            field: cCurrency,
            hint: `pass --fx rates.csv with a line ${only},<US dollars per ${only}>`,
          });
        conversion = `amounts in ${only}, converted to USD at the fixed ${FX_DATE} rate`;
      }
    }
  }
  const rateTable: Record<string, number> =
    rates instanceof Map ? Object.fromEntries(rates) : (rates as Record<string, number>);
  return {
    currencies,
    conversion,
    outcome: (row) =>
      cStage || cWon || cClosed
        ? dealOutcome(
            cStage ? row[cStage] : null,
            {
              ...(cWon ? { isWon: row[cWon] } : {}),
              ...(cClosed ? { isClosed: row[cClosed] } : {}),
            },
            opts.stageMap,
          )
        : null,
    amount: (row) => {
      if (!cAmount || isMissing(row[cAmount])) return null;
      const cur =
        cCurrency && !isMissing(row[cCurrency]) ? trimWs(String(row[cCurrency])).toUpperCase() : "USD";
      const m = parseMoney(row[cAmount], cur, rateTable);
      return m.ok ? m.value.usd : null;
    },
  };
}
