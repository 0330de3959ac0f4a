/** icp init: a starter profile from first-principles hypotheses that checks clean and scores. */
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { parseBounds } from "../src/profile/starter.js";
import { icp, tmp } from "./helpers.js";

const dir = tmp();

describe("icp init", () => {
  test("ranges read as people write them", () => {
    assert.deepEqual(parseBounds("50-1000"), { min: 50, max: 1000 });
    assert.deepEqual(parseBounds("200+"), { min: 200 });
    assert.deepEqual(parseBounds("-50"), { max: 50 });
    assert.deepEqual(parseBounds("1m-50m"), { min: 1_000_000, max: 50_000_000 });
    assert.deepEqual(parseBounds("1,000 - 5,000"), { min: 1000, max: 5000 });
    assert.throws(() => parseBounds("lots"), /expected a number/);
  });

  test("flags → a commented profile that checks clean, scores, and is not overwritten by accident", () => {
    const out = join(dir, "icp.yaml");
    const args = [
      "init",
      "-o",
      out,
      "--name",
      "Mid-market SaaS",
      "--industry",
      "software development,internet",
      "--exclude-industry",
      "government administration",
      "--employees",
      "50-1000",
      "--country",
      "US,UK",
      "--tech",
      "salesforce",
      "--funding-within",
      "365",
      "--as-of",
      "2026-11-23",
    ];
    const r = icp(args);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /wrote .*icp\.yaml: 6 criteria/);
    const text = readFileSync(out, "utf8");
    assert.match(text, /^# Starter ICP written by `icp init` on 2026-11-23/);
    assert.match(text, /in: \[software development, internet\]\n {4}weight: 30/);
    assert.match(text, /exclude: true/);
    assert.match(text, /within: \{ days: 365 \}/);
    const c = icp(["check", out]);
    assert.equal(c.code, 0, c.stdout);
    assert.equal(c.stdout.trim(), `${out}: ok`);
    // same answers, same bytes
    assert.equal(icp([...args, "--force"]).code, 0);
    assert.equal(readFileSync(out, "utf8"), text);
    // no silent overwrite
    const again = icp(args);
    assert.equal(again.code, 2);
    assert.match(again.stderr, /exists; pass --force/);
    const data = join(dir, "c.csv");
    assert.equal(icp(["generate", "companies", "--rows", "500", "--seed", "3", "-o", data]).code, 0);
    const s = icp(["score", data, "-p", out, "-o", join(dir, "s.csv"), "--as-of", "2026-11-23"]);
    assert.equal(s.code, 0, s.stderr);
  });

  test("a bad range is a usage error naming the flag", () => {
    const r = icp(["init", "-o", join(dir, "x.yaml"), "--employees", "many"]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--employees: expected a number/);
  });
});
