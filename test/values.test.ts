/** The value semantics of docs/semantics.md, one function at a time. */
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  fold,
  isMissing,
  subtractFromDate,
  toBoolean,
  toCategory,
  toDate,
  toList,
  toNumber,
  trimWs,
} from "../src/engine/values.js";

describe("missing values", () => {
  test("empty, white space and the missing markers are missing, case-insensitively", () => {
    for (const v of [null, undefined, "", "   ", "\t", "N/A", "n/a", "-", "null", "NULL", "?", " ? "]) {
      assert.equal(isMissing(v), true, JSON.stringify(v));
    }
  });
  test("real values, including NA (Namibia) and 0, are not missing", () => {
    for (const v of ["NA", "0", 0, "none", "false", false, "--"])
      assert.equal(isMissing(v), false, JSON.stringify(v));
  });
});

describe("case folding", () => {
  test("lower-cases per code point and trims ASCII white space only", () => {
    assert.equal(fold("  Computer Software\t"), "computer software");
    assert.equal(fold("ÄRZTE"), "ärzte");
    assert.equal(fold("\u00a0x\u00a0"), "\u00a0x\u00a0", "non-breaking spaces are data, not padding");
  });
  test("no context rules: final sigma stays σ, İ becomes i (as in SQL lower())", () => {
    assert.equal(fold("ΣΊΣΥΦΟΣ"), "σίσυφοσ");
    assert.equal(fold("İstanbul"), "istanbul");
  });
  test("trimWs keeps inner white space", () => {
    assert.equal(trimWs(" a  b "), "a  b");
  });
});

describe("numbers", () => {
  test("plain decimals, signs, exponents and surrounding white space parse", () => {
    assert.equal(toNumber("42"), 42);
    assert.equal(toNumber(" -3.5 "), -3.5);
    assert.equal(toNumber("+5"), 5);
    assert.equal(toNumber("1e3"), 1000);
    assert.equal(toNumber(".5"), 0.5);
    assert.equal(toNumber("5."), 5);
    assert.equal(toNumber(7), 7);
  });
  test("anything else is unknown, never 0", () => {
    for (const v of ["", "abc", "1,000", "0x10", "Infinity", "1e400", "12 345", "n/a", "$5", null]) {
      assert.equal(toNumber(v), null, JSON.stringify(v));
    }
  });
});

describe("booleans", () => {
  test("true/false words in any case", () => {
    for (const v of ["true", "TRUE", " yes ", "Y", "t", "1", true, 1])
      assert.equal(toBoolean(v), true, String(v));
    for (const v of ["false", "No", "n", "F", "0", false, 0]) assert.equal(toBoolean(v), false, String(v));
  });
  test("other words are unknown", () => {
    for (const v of ["maybe", "2", "", "null"]) assert.equal(toBoolean(v), null, v);
  });
});

describe("lists", () => {
  test("one cell splits on ; , | with items trimmed and folded", () => {
    assert.deepEqual(toList("Salesforce; HubSpot,Slack | AWS"), ["salesforce", "hubspot", "slack", "aws"]);
  });
  test("empty items are dropped; no items at all is unknown", () => {
    assert.deepEqual(toList("a;;b;"), ["a", "b"]);
    assert.equal(toList(";, |"), null);
    assert.equal(toList(""), null);
  });
  test("arrays from JSON input are lists too", () => {
    assert.deepEqual(toList(["Slack", "AWS; Okta"]), ["slack", "aws", "okta"]);
  });
});

describe("categories and dates", () => {
  test("categories fold; numbers print as JavaScript prints them", () => {
    assert.equal(toCategory(" Internet "), "internet");
    assert.equal(toCategory(5), "5");
  });
  test("ISO dates, with or without a time, and only real calendar days", () => {
    assert.equal(toDate("2024-02-29"), "2024-02-29");
    assert.equal(toDate("2026-11-23T10:00:00Z"), "2026-11-23");
    assert.equal(toDate("2023-02-29"), null);
    assert.equal(toDate("2020-13-01"), null);
    assert.equal(toDate("01/02/2024"), null, "ambiguous day/month order is not guessed");
  });
  test("months back clamp to the month's last day, as SQL intervals do", () => {
    assert.equal(subtractFromDate("2026-03-31", { months: 1 }), "2026-02-28");
    assert.equal(subtractFromDate("2024-03-31", { months: 1 }), "2024-02-29");
    assert.equal(subtractFromDate("2026-11-23", { years: 2 }), "2024-11-23");
    assert.equal(subtractFromDate("2026-01-01", { days: 1 }), "2025-12-31");
  });
});
