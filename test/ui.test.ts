/**
 * End to end: the web UI in headless Chromium against a real `icp serve` — import a CSV, write a
 * profile (YAML and form, diagnostics as you type), watch the live funnel update as a criterion
 * changes, score the universe, open an account's explanation, and export the view as CSV.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { COMPANY_COLUMNS } from "../src/generate/companies.js";
import { chromiumPath } from "../src/report/pdf.js";
import { IcpServer } from "../src/server/api.js";
import { Workspace } from "../src/workspace/workspace.js";
import { csvText, generatedRows, ROOT, tmp } from "./helpers.js";

const exe = chromiumPath();
const dir = tmp("icp-ui-");

describe("web UI (headless Chromium)", {
  skip: exe ? false : "no Chromium installed (apt-get install chromium); .ci/run installs it",
}, () => {
  let ws: Workspace;
  let server: IcpServer;
  let browser: Browser;
  let page: Page;
  let base = "";
  const accounts = join(dir, "accounts.csv");
  const rows = generatedRows(2000, 4);

  before(async () => {
    writeFileSync(accounts, csvText(COMPANY_COLUMNS, rows));
    ws = await Workspace.open(join(dir, "ws.duckdb"));
    server = new IcpServer(ws, { host: "127.0.0.1", port: 0, asOf: "2026-11-23" });
    base = (await server.listen()).url;
    const { chromium } = await import("playwright-core");
    browser = await chromium.launch({ executablePath: exe as string, args: ["--no-sandbox"] });
    page = await browser.newPage({ acceptDownloads: true });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(base);
    await page.waitForFunction(() => document.getElementById("status")?.textContent === "ready");
    assert.deepEqual(errors, []);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    ws?.close();
  });

  test("import a CSV: the report says rows in = imported + rejected", async () => {
    await page.click('a[data-tab="datasets"]');
    await page.setInputFiles("#import-file", accounts);
    await page.fill("#import-name", "universe");
    await page.click("#import");
    await page.waitForFunction(() =>
      /imported/.test(document.getElementById("import-report")?.textContent ?? ""),
    );
    assert.match(
      (await page.textContent("#import-report")) ?? "",
      /2,000 rows in = 2,000 imported \+ 0 rejected/,
    );
    await page.waitForFunction(() => /universe/.test(document.getElementById("datasets")?.textContent ?? ""));
  });

  test("write a profile: diagnostics as you type, form and YAML kept in step, saved as version 1", async () => {
    await page.click('a[data-tab="profile"]');
    const yaml = readFileSync(join(ROOT, "examples/b2b-saas.yaml"), "utf8");
    await page.fill("#yaml", yaml.replace("range: { min: 20 }", "rnage: { min: 20 }"));
    await page.waitForSelector("#diagnostics li.error");
    assert.match((await page.textContent("#diagnostics")) ?? "", /rnage/);
    assert.ok(await page.$("#gutter .err"), "the line is marked in the gutter");
    await page.fill("#yaml", yaml);
    await page.waitForSelector("#diagnostics li.ok");
    // the form edits the YAML (comments kept)
    await page.fill('input[aria-label="criterion 3 weight"]', "33");
    await page.dispatchEvent('input[aria-label="criterion 3 weight"]', "change");
    const edited = await page.inputValue("#yaml");
    assert.match(edited, /weight: 33/);
    assert.match(edited, /# Soft signals/, "comments survive form edits");
    await page.fill("#author", "ana");
    await page.fill("#message", "first cut");
    await page.click("#save-profile");
    await page.waitForFunction(() =>
      /saved B2B SaaS mid-market v1/.test(document.getElementById("status")?.textContent ?? ""),
    );
    await page.waitForFunction(() =>
      /v1[\s\S]*ana[\s\S]*first cut/.test(document.getElementById("history")?.textContent ?? ""),
    );
  });

  test("the live funnel updates as a criterion changes", async () => {
    await page.selectOption("#funnel-dataset", "universe");
    await page.waitForSelector("#funnel-summary");
    const firstStep = async () => (await page.textContent("#funnel .funnel-row:nth-child(2) .count")) ?? "";
    const before = await firstStep();
    assert.match((await page.textContent("#funnel-summary")) ?? "", /^2,000 → /);
    const yaml = await page.inputValue("#yaml");
    await page.fill("#yaml", yaml.replace("range: { min: 20 }", "range: { min: 500 }"));
    await page.waitForFunction(
      (b) => document.querySelector("#funnel .funnel-row:nth-child(2) .count")?.textContent !== b,
      before,
    );
    const after = await firstStep();
    assert.ok(Number(after.replace(/,/g, "")) > Number(before.replace(/,/g, "")), `${before} → ${after}`);
    assert.ok((await page.$$("#hints li")).length > 0, "rule-of-thumb hints shown");
    await page.fill("#yaml", yaml);
  });

  test("score the universe, open an account's explanation, export the view", async () => {
    await page.click('a[data-tab="accounts"]');
    await page.click("#score-now");
    await page.waitForSelector("#rows tbody tr");
    await page.waitForFunction(() =>
      /^2,000 accounts/.test(document.getElementById("rows-count")?.textContent ?? ""),
    );
    await page.selectOption("#filter-tier", "A");
    await page.waitForFunction(
      () => !/^2,000 accounts/.test(document.getElementById("rows-count")?.textContent ?? ""),
    );
    assert.ok(
      await page.$$eval("#rows tbody tr td:nth-child(4)", (tds) => tds.every((td) => td.textContent === "A")),
      "only tier A rows",
    );
    const count = Number(((await page.textContent("#rows-count")) ?? "").replace(/,/g, "").split(" ")[0]);
    assert.ok(count > 0);
    await page.click("#rows tbody tr:first-child");
    await page.waitForSelector("#breakdown tbody tr");
    assert.ok((await page.$$("#breakdown tbody tr")).length >= 5, "every criterion explained");
    assert.match((await page.textContent("#account")) ?? "", /tier A/);
    const chartOk = await page.$eval("#dist-chart", (img) => (img as HTMLImageElement).naturalWidth > 0);
    assert.ok(chartOk, "the score distribution chart rendered");
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
    const file = join(dir, "export.csv");
    await download.saveAs(file);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    assert.match(lines[0] ?? "", /^id,name,.*icp_score,icp_tier,icp_state,icp_reasons$/);
    assert.equal(lines.length - 1, count, "the export holds exactly the filtered view");
  });

  test("best customers: import 12 domains, find the pattern against the universe, then their lookalikes", async () => {
    const best = rows.filter((r) => r.industry === "computer software").slice(0, 12);
    const file = join(dir, "best.csv");
    writeFileSync(file, `domain\n${best.map((r) => r.domain).join("\n")}\n`);
    await page.click('a[data-tab="datasets"]');
    await page.setInputFiles("#import-file", file);
    await page.fill("#import-name", "best");
    await page.click("#import");
    await page.waitForFunction(() => /best/.test(document.getElementById("datasets")?.textContent ?? ""));
    await page.click('a[data-tab="best"]');
    await page.selectOption("#b-seeds", "best");
    await page.selectOption("#b-universe", "universe");
    await page.click("#b-pattern");
    await page
      .waitForFunction(
        () =>
          /describes|no reliable signal|failed|not started/.test(
            (document.getElementById("b-summary")?.textContent ?? "") +
              (document.getElementById("b-stage")?.textContent ?? ""),
          ),
        undefined,
        { timeout: 20_000 },
      )
      .catch(async (e) => {
        throw new Error(
          `${e}: stage ${await page.textContent("#b-stage")}; summary ${await page.textContent("#b-summary")}; status ${await page.textContent("#status")}`,
        );
      });
    assert.doesNotMatch((await page.textContent("#b-stage")) ?? "", /failed|not started/);
    await page.waitForFunction(
      () => /describes|no reliable signal/.test(document.getElementById("b-summary")?.textContent ?? ""),
      undefined,
      { timeout: 60_000 },
    );
    assert.match(
      (await page.textContent("#b-summary")) ?? "",
      /Your ICP describes [\d,]+ of these [\d,]+ companies/,
    );
    assert.ok((await page.$$("#b-criteria li")).length >= 1, "the industry the 12 share is a criterion");
    assert.match((await page.textContent("#b-criteria")) ?? "", /industry/);
    await page.fill("#b-top", "25");
    await page.click("#b-lookalike");
    await page.waitForFunction(
      () => (document.querySelectorAll("#b-lookalikes tbody tr").length ?? 0) === 25,
      undefined,
      { timeout: 60_000 },
    );
    assert.match((await page.textContent("#b-summary")) ?? "", /Leave one out/);
  });
});
