/** Every normaliser, with the awkward cases real exports contain (docs/normalisation.md). */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import { countryCode, regionFromCountry } from "../src/data/normalise/country.js";
import { parseDate } from "../src/data/normalise/dates.js";
import { isFreeMail, registrableDomain } from "../src/data/normalise/domain.js";
import { industryLabel } from "../src/data/normalise/industry.js";
import { companyKey } from "../src/data/normalise/names.js";
import { parseEmployees, parseMoney } from "../src/data/normalise/numbers.js";
import { NORMALISER_NAMES, NORMALISERS } from "../src/data/normalise/registry.js";
import { dealStatus, readStage } from "../src/data/normalise/stage.js";
import { techList } from "../src/data/normalise/tech.js";
import { isMissing } from "../src/engine/values.js";

const emp = (s: string) => {
  const p = parseEmployees(s);
  return p.ok ? p.value : null;
};
const usd = (s: string) => {
  const p = parseMoney(s);
  return p.ok ? p.value.usd : null;
};
const date = (s: string, dayOrder?: "dmy" | "mdy") => {
  const p = parseDate(s, { asOf: "2026-11-23", ...(dayOrder ? { dayOrder } : {}) });
  return p.ok ? p.value.date : p.reason;
};

describe("employee counts", () => {
  test("ranges read as their midpoint (rounded down), open ranges as their lower bound", () => {
    assert.equal(emp("51-200"), 125);
    assert.equal(emp("1,001-5,000"), 3000);
    assert.equal(emp("1001 - 5000"), 3000);
    assert.equal(emp("5001 – 10000"), 7500);
    assert.equal(emp("10k+"), 10000);
    assert.equal(emp("10001+"), 10001);
    assert.equal(emp("> 500"), 501);
    assert.equal(emp("2-10 employees"), 6);
  });
  test("approximate and abbreviated counts", () => {
    assert.equal(emp("~45"), 45);
    assert.equal(emp("approx 300"), 300);
    assert.equal(emp("about 1,200"), 1200);
    assert.equal(emp("1.5k"), 1500);
    assert.equal(emp("5000"), 5000);
  });
  test("what is not a count is refused with a reason, not guessed", () => {
    for (const bad of ["12.5", "many", "5-2", "", "n/a", "-3"]) assert.equal(emp(bad), null, bad);
    const p = parseEmployees("5-2");
    assert.equal(p.ok, false);
    assert.match(p.ok ? "" : p.reason, /backwards/);
  });
});

describe("money", () => {
  test("units, decimal commas and thousands separators", () => {
    assert.equal(usd("$1.2M"), 1_200_000);
    assert.equal(usd("1.5 billion"), 1_500_000_000);
    assert.equal(usd("500k"), 500_000);
    assert.equal(usd("$1,500"), 1500);
    assert.equal(usd("1,234,567.89"), 1_234_567.89);
  });
  test("currencies convert at the fixed, dated rate table", () => {
    assert.equal(usd("€5m"), 5_175_000);
    assert.equal(usd("12,5 Mio. €"), 12_937_500);
    assert.equal(usd("1.234.567,89 EUR"), 1_277_777.77);
    assert.equal(usd("£3.4bn"), 4_250_000_000);
    const p = parseMoney("€5m");
    assert.equal(p.ok && p.value.currency, "EUR");
  });
  test("ranges read as their midpoint; unknown currencies and words are refused", () => {
    assert.equal(usd("10M-50M"), 30_000_000);
    assert.equal(usd("$10M - $50M"), 30_000_000);
    assert.equal(usd("50 XYZ"), null);
    assert.equal(usd("lots"), null);
  });
});

describe("countries and regions", () => {
  test("names, codes and common forms to ISO 3166-1 alpha-2", () => {
    const cases: Record<string, string> = {
      UK: "GB",
      "U.S.": "US",
      USA: "US",
      "United States of America": "US",
      "united kingdom": "GB",
      Deutschland: "DE",
      Schweiz: "CH",
      España: "ES",
      GBR: "GB",
      "Korea, Republic of": "KR",
      Philipines: "PH",
    };
    for (const [input, code] of Object.entries(cases)) assert.equal(countryCode(input), code, input);
  });
  test('"NA" in a country column is Namibia, not missing', () => {
    assert.equal(isMissing("NA"), false);
    assert.equal(countryCode("NA"), "NA");
    assert.equal(regionFromCountry("NA"), "middle east & africa");
  });
  test("regions follow from the country", () => {
    assert.equal(regionFromCountry("United States"), "north america");
    assert.equal(regionFromCountry("Mexico"), "latam");
    assert.equal(regionFromCountry("Germany"), "europe");
    assert.equal(regionFromCountry("UAE"), "middle east & africa");
    assert.equal(regionFromCountry("India"), "apac");
    assert.equal(countryCode("Atlantis"), null);
  });
});

describe("domains", () => {
  test("registrable domain from URLs and e-mail addresses by the public suffix list", () => {
    assert.equal(registrableDomain("https://www.Example.co.uk/about"), "example.co.uk");
    assert.equal(registrableDomain("jane@sales.acme.com"), "acme.com");
    assert.equal(registrableDomain("WWW.ACME.COM:8080/x?y"), "acme.com");
    assert.equal(registrableDomain("not a domain"), null);
    assert.equal(registrableDomain("localhost"), null);
  });
  test("free-mail providers are flagged", () => {
    assert.equal(isFreeMail(registrableDomain("a@gmail.com")!), true);
    assert.equal(isFreeMail(registrableDomain("a@acme.com")!), false);
  });
});

describe("industries", () => {
  test("to LinkedIn V2 labels from V2 labels, legacy names, everyday names and typos", () => {
    assert.equal(industryLabel("Software Development"), "Software Development");
    assert.equal(industryLabel("computer software"), "Software Development");
    assert.equal(industryLabel("Information Technology & Services"), "IT Services and IT Consulting");
    assert.equal(industryLabel("hospital & health care"), "Hospitals and Health Care");
    assert.equal(industryLabel("SaaS"), "Software Development");
    assert.equal(industryLabel("technolgy"), industryLabel("technology"));
    assert.notEqual(industryLabel("technology"), null);
  });
  test("NAICS codes through the crosswalk: 2022 codes, any depth, common 2017 codes", () => {
    assert.equal(industryLabel("541511"), "IT System Custom Software Development");
    assert.equal(industryLabel("522110"), "Banking");
    assert.equal(industryLabel("NAICS 622110"), "Hospitals");
    assert.equal(industryLabel(561311), "Staffing and Recruiting");
    assert.equal(industryLabel("481111"), "Airlines and Aviation");
    // a 2017 code 2022 renumbered, and a sector
    assert.equal(industryLabel("511210"), "Software Development");
    assert.equal(industryLabel("52"), "Financial Services");
    assert.equal(industryLabel("33"), "Manufacturing");
    // a code NAICS never had, under a known sector, reads as that sector's industry
    assert.equal(industryLabel("549999"), "Professional Services");
    assert.equal(industryLabel("99"), null);
    assert.equal(industryLabel("1234567"), null);
  });
  test("unmappable values stay unmapped (reported, never forced)", () => {
    assert.equal(industryLabel("xyz corp"), null);
    assert.equal(industryLabel(""), null);
  });
});

describe("technology lists, dates, stages, names", () => {
  test("tech cells split on ; , | and canonicalise case-insensitively with aliases", () => {
    assert.deepEqual(techList("salesforce; HubSpot | SFDC,aws ,, Slack"), [
      "Salesforce",
      "HubSpot",
      "AWS",
      "Slack",
    ]);
    assert.deepEqual(techList("Mixpanel;mixpanel"), ["Mixpanel"]);
  });
  test("dates: ISO, year, month, named months, d/m/y when unambiguous, relative to as-of", () => {
    assert.equal(date("2024-03-05"), "2024-03-05");
    assert.equal(date("2024-03-05T10:00:00Z"), "2024-03-05");
    assert.equal(date("2019"), "2019-01-01");
    assert.equal(date("2024-07"), "2024-07-01");
    assert.equal(date("5 Jan 2024"), "2024-01-05");
    assert.equal(date("January 5, 2024"), "2024-01-05");
    assert.equal(date("13/02/2024"), "2024-02-13");
    assert.equal(date("02/13/2024"), "2024-02-13");
    assert.equal(date("3 days ago"), "2026-11-20");
    assert.equal(date("yesterday"), "2026-11-22");
  });
  test("01/02/2024 is ambiguous unless a day order is given", () => {
    assert.match(date("01/02/2024"), /ambiguous/);
    assert.equal(date("01/02/2024", "dmy"), "2024-02-01");
    assert.equal(date("01/02/2024", "mdy"), "2024-01-02");
    assert.match(date("2023-02-29"), /not a date/);
  });
  test("deal stages to won / lost / open; a renamed stage is lost when closed, else open (with the rule)", () => {
    for (const s of ["Closed Won", "won", "closedwon", "Closed - Won", "6 - Closed Won", "Closed Won (100%)"])
      assert.equal(dealStatus(s), "won", s);
    for (const s of ["Lost", "Closed Lost", "closedlost"]) assert.equal(dealStatus(s), "lost", s);
    for (const s of ["Prospecting", "Engaging", "Negotiation/Review", "appointmentscheduled"])
      assert.equal(dealStatus(s), "open", s);
    assert.deepEqual(readStage("Closed: abandoned"), { status: "lost", rule: "vocabulary" });
    assert.deepEqual(readStage("Closed - no budget"), { status: "lost", rule: "closed, not won" });
    assert.deepEqual(readStage("On hold / future opportunity"), {
      status: "open",
      rule: "not a known stage name",
    });
    assert.deepEqual(readStage("Banana"), { status: "open", rule: "not a known stage name" });
    assert.equal(dealStatus(""), null);
  });
  test("company names compare without case, accents, punctuation or legal suffixes", () => {
    assert.equal(companyKey("Acme, Inc."), "acme");
    assert.equal(companyKey("ACME Inc"), "acme");
    assert.equal(companyKey("The Müller GmbH"), "muller");
    assert.equal(companyKey("Smith & Sons Ltd"), companyKey("smith and sons limited"));
  });
});

describe("the normaliser contract", () => {
  test("canonical values pass through unchanged (the SQL engine's fast path relies on it)", () => {
    const ctx = { asOf: "2026-11-23" };
    assert.equal(NORMALISERS.employees.make(ctx)("250"), "250");
    assert.equal(NORMALISERS.money.make(ctx)("1e6"), "1e6");
    assert.equal(NORMALISERS.country.make(ctx)("DE"), "DE");
    assert.equal(NORMALISERS.industry.make(ctx)("Banking"), "Banking");
    assert.equal(NORMALISERS.date.make(ctx)("2024-01-05 10:00"), "2024-01-05 10:00");
    for (const name of NORMALISER_NAMES) {
      const f = NORMALISERS[name].make(ctx);
      assert.equal(f(null), null, name);
      assert.equal(f("n/a"), null, name);
      const spellings = NORMALISERS[name].spellings?.() ?? [];
      for (const s of spellings.slice(0, 200)) {
        const once = f(s);
        if (once !== null && name !== "region")
          assert.equal(f(once), once, `${name}: ${s} → ${once} is a fixed point`);
      }
    }
  });
});
