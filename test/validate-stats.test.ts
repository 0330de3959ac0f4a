/**
 * The statistics of `icp validate` hold at their stated error rates: deals of one account are not
 * independent (a null simulation through the comparison code), loss-making accounts stay in CAC
 * payback, gains cuts are exact, deals decided after as-of are censored, open deals past the
 * maturity window count as lost, and identical groups get identical intervals.
 */
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, test } from "node:test";
import { simulateNull } from "../bench/validate-null-sim.js";
import type { RowResult } from "../src/ir/types.js";
import {
  clusterDifference,
  clusteredRate,
  clusterPermutationTest,
  clusterRatio,
  rankSums,
  woodruffMedianInterval,
} from "../src/stats/cluster.js";
import { medianInterval, welch } from "../src/stats/location.js";
import { wilson } from "../src/stats/proportions.js";
import { compareGroups } from "../src/validate/compare.js";
import type { Deal } from "../src/validate/dataset.js";
import { gainsOf } from "../src/validate/gains.js";
import {
  type AccountEconomics,
  dealFigures,
  economicsFigures,
  type GroupFigures,
} from "../src/validate/metrics.js";
import type { OutboundGroup } from "../src/validate/outbound.js";
import type { ValidationReport } from "../src/validate/validate.js";
import { maturity } from "../src/validate/validate.js";
import { icp, tmp } from "./helpers.js";

const dir = tmp();

/** `icp validate … --as-of 2024-12-31 --json` on a profile, accounts and deals: the report. */
function validateReport(
  profile: string,
  accounts: string,
  deals: string,
  extra: string[] = [],
): ValidationReport {
  const r = icp([
    "validate",
    "-p",
    profile,
    "--accounts",
    accounts,
    "--deals",
    deals,
    "--as-of",
    "2024-12-31",
    "--json",
    ...extra,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as ValidationReport;
}

describe("clustered statistics reduce to the textbook ones without clustering", () => {
  test("one observation per cluster: the ratio's variance is s²/n, the rate's interval is Wilson's, the difference is Welch's", () => {
    const xs = [3, 5, 8, 13, 2, 7, 11];
    const r = clusterRatio(xs.map((y) => ({ y, x: 1 })));
    const m = xs.reduce((s, v) => s + v, 0) / xs.length;
    const s2 = xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1);
    assert.ok(r);
    assert.ok(Math.abs(r.variance - s2 / xs.length) < 1e-12);
    const wins = [1, 0, 1, 1, 0, 0, 1, 0, 1, 1];
    const cr = clusteredRate(wins.map((y) => ({ y, x: 1 })));
    assert.deepEqual(cr?.ci, wilson(6, 10));
    assert.equal(cr?.deff, 1);
    const a = [10, 12, 9, 14, 11, 13];
    const b = [8, 9, 7, 10, 6, 9, 8];
    const d = clusterDifference(
      a.map((y) => ({ y, x: 1 })),
      b.map((y) => ({ y, x: 1 })),
    );
    const w = welch(a, b);
    assert.ok(d && w);
    assert.ok(Math.abs(d.difference - w.difference) < 1e-12);
    assert.ok(Math.abs(d.p - w.p) < 1e-9, `${d.p} vs ${w.p}`);
    assert.ok(Math.abs(d.ci.lo - w.ci.lo) < 1e-9 && Math.abs(d.ci.hi - w.ci.hi) < 1e-9);
  });

  test("clustered trials: the design effect grows with the correlation, and the interval widens by its root", () => {
    // 10 accounts × 20 deals; half the accounts win everything, half nothing: one account = one unit
    const cs = Array.from({ length: 10 }, (_, i) => ({ y: i % 2 ? 20 : 0, x: 20 }));
    const r = clusteredRate(cs);
    assert.ok(r);
    assert.ok(r.deff > 15, `deff ${r.deff}`);
    const naive = wilson(100, 200);
    assert.ok(r.ci.hi - r.ci.lo > 3 * (naive.hi - naive.lo), "much wider than 200 independent deals");
    // independent-looking accounts: deff near 1
    const flat = Array.from({ length: 10 }, (_, i) => ({ y: 10 + (i % 3) - 1, x: 20 }));
    assert.ok((clusteredRate(flat)?.deff ?? 0) < 1.2);
  });

  test("the permutation test: seeded, exact in its resolution, and it finds a real difference", () => {
    const a = Array.from({ length: 12 }, () => ({ y: 15, x: 20 }));
    const b = Array.from({ length: 12 }, () => ({ y: 5, x: 20 }));
    const p = clusterPermutationTest(a, b, 7);
    assert.equal(p, 1 / 2000, "no permutation is as extreme as the observed split");
    const mixed = Array.from({ length: 24 }, (_, i) => ({ y: 5 + (i % 7), x: 20 }));
    const p1 = clusterPermutationTest(mixed.slice(0, 12), mixed.slice(12), 7);
    assert.equal(p1, clusterPermutationTest(mixed.slice(0, 12), mixed.slice(12), 7), "same seed, same p");
    assert.ok(p1 > 0.2, `${p1}`);
  });

  test("rank sums per cluster are the pooled mid-ranks; Woodruff's median interval contains the median", () => {
    const [ra, rb] = rankSums([[[1, 3]], [[2, 3]]]);
    // pooled: 1→1, 2→2, 3,3→3.5 each
    assert.deepEqual(ra, [{ y: 1 + 3.5, x: 2 }]);
    assert.deepEqual(rb, [{ y: 2 + 3.5, x: 2 }]);
    const clusters = Array.from({ length: 30 }, (_, i) => [i, i + 0.5, i + 0.25]);
    const iv = woodruffMedianInterval(clusters);
    assert.ok(iv && iv.lo <= 15 && iv.hi >= 15);
    // one value per cluster: close to the order-statistic interval
    const single = Array.from({ length: 50 }, (_, i) => [i]);
    const w = woodruffMedianInterval(single);
    const o = medianInterval(single.flat());
    assert.ok(w && Math.abs(w.lo - o.lo) <= 2 && Math.abs(w.hi - o.hi) <= 2, JSON.stringify({ w, o }));
  });
});

describe("null simulation: no ICP effect, deals clustered in accounts", () => {
  // 40 accounts × 20 deals, half the accounts labelled in ICP at random. Small and seeded here;
  // `npm run bench:validate` runs 1,000 replicates per correlation at 40 × 50.
  for (const icc of [0, 0.05, 0.2]) {
    test(`intraclass correlation ${icc}: false positives near 5%, intervals cover the truth`, () => {
      const r = simulateNull({ reps: 150, icc, accounts: 40, dealsPerAccount: 20, seed: 11 });
      assert.ok(r.winRateFalsePositive <= 0.09, `win rate false positives ${r.winRateFalsePositive}`);
      assert.ok(r.ratioCoverage >= 0.9, `win-rate ratio coverage ${r.ratioCoverage}`);
      assert.ok(r.rateCoverage >= 0.9, `win rate coverage ${r.rateCoverage}`);
      assert.ok(r.dealSizeFalsePositive <= 0.1, `deal size false positives ${r.dealSizeFalsePositive}`);
      assert.ok(r.cycleFalsePositive <= 0.1, `sales cycle false positives ${r.cycleFalsePositive}`);
      assert.ok(r.validated <= 0.08, `"validated" in ${r.validated} of runs with no effect`);
      if (icc === 0.2)
        assert.ok(
          r.winRateFalsePositiveNaive >= 0.25,
          `counting deals as independent should fail here (${r.winRateFalsePositiveNaive}); if not, the simulation lost its clustering`,
        );
    });
  }
});

describe("no selection on the outcome, exact cuts, one seed", () => {
  test("CAC payback keeps the accounts that lose money, in the group figure and in the comparison alike", () => {
    const rows = (gp: number[]): AccountEconomics[] =>
      gp.map((g, i) => ({ account: i, revenue: 1000, margin: g / 1000, grossProfit: g, cac: 6000 }));
    // 12 accounts: 8 profitable (1,000/month), 4 losing 500/month
    const a = rows([...Array(8).fill(1000), ...Array(4).fill(-500)]);
    const f = economicsFigures(a, 1);
    assert.equal(f.paybackAccounts, 12);
    assert.equal(f.cacPaybackMonths, (12 * 6000) / (8 * 1000 - 4 * 500));
    const b = rows(Array(12).fill(1000));
    const fig = (e: AccountEconomics[]) => ({ economics: economicsFigures(e, 1) }) as unknown as GroupFigures;
    const empty = { winRate: { hits: 0, n: 0 }, cycle: { median: null }, dealSize: { mean: null } };
    const cs = compareGroups(
      [],
      [],
      { ...empty, ...fig(a) } as unknown as GroupFigures,
      { ...empty, ...fig(b) } as unknown as GroupFigures,
      null,
      1,
      { in: a, out: b },
    );
    const pay = cs.find((c) => c.metric === "cac_payback");
    assert.equal(pay?.inValue, f.cacPaybackMonths, "the comparison uses the same accounts as the figure");
    assert.equal(pay?.outValue, 6);
    // a group that never pays back: no number, an unbounded interval, no NaN anywhere
    const never = economicsFigures(rows(Array(12).fill(-100)), 1);
    assert.equal(never.cacPaybackMonths, null);
    assert.equal(never.cacPaybackCi?.hi, Number.POSITIVE_INFINITY);
    assert.ok(!JSON.stringify(never).includes("NaN"));
  });

  test("gains points are exact shares of the accounts: top 10% of 85 is 8.5 accounts, 70% is 59.5", () => {
    const buckets = Array.from({ length: 85 }, (_, i) => ({
      state: "scored" as RowResult["state"],
      tenths: 1000 - i,
      tier: null,
      accounts: 1,
      wins: 1,
      revenue: 100,
      closed: 2,
    }));
    const g = gainsOf(buckets, 12);
    const at = (t: number) => g.curve.find((p) => Math.abs(p.top - t) < 1e-12);
    assert.equal(at(0.1)?.accounts, 8.5);
    assert.equal(at(0.1)?.winsShare, 8.5 / 85);
    assert.equal(at(0.7)?.accounts, 59.5);
    assert.equal(at(0.35)?.accounts, 29.75);
  });

  test("maturity: the nearest-rank 90th percentile of closed deals' cycles; open deals older than it count as lost", () => {
    const deal = (status: Deal["status"], created: string, closed: string | null, account = 0): Deal => ({
      row: 0,
      id: null,
      account,
      stage: status,
      status,
      amount: 100,
      created,
      closed,
      result: null,
      group: "in",
    });
    const closed: Deal[] = [];
    for (let i = 1; i <= 20; i++)
      closed.push(
        deal(
          i % 2 ? "won" : "lost",
          "2024-01-01",
          new Date(Date.UTC(2024, 0, 1 + 5 * i)).toISOString().slice(0, 10),
          i,
        ),
      );
    const m = maturity(closed, "2024-12-31");
    assert.equal(m.maturityDays, 90, "18th of 20 cycles (5, 10, … 100 days)");
    assert.equal(m.stalledBefore, "2024-10-02");
    const deals = [
      ...closed,
      deal("open", "2024-06-01", null, 30), // stalled: counts as lost
      deal("open", "2024-12-01", null, 31), // undecided
      deal("open", "2024-10-02", null, 32), // exactly at the window: undecided
    ];
    const f = dealFigures("all", 33, deals, m.stalledBefore);
    assert.equal(f.deals.stalled, 1);
    assert.equal(f.deals.open, 2);
    assert.equal(f.winRate.n, 21);
    assert.equal(f.winRate.hits, 10);
    assert.equal(maturity(closed.slice(0, 19), "2024-12-31").maturityDays, null, "needs 20 closed deals");
  });

  test("--as-of censors: deals created later are left out, deals closed later are open; identical groups get identical intervals", () => {
    const accounts = join(dir, "acc.csv");
    const deals = join(dir, "deals.csv");
    const profile = join(dir, "p.yaml");
    writeFileSync(
      profile,
      "name: p\ncriteria:\n  - { label: Software, field: industry, in: [computer software], weight: 10 }\ntiers:\n  - { name: A, min_score: 50, route: ae }\n  - { name: B, route: disqualify }\n",
    );
    const acc = ["id,name,industry"];
    const dl = ["id,account,stage,amount,created,closed"];
    let k = 0;
    for (let i = 0; i < 60; i++) {
      acc.push(`${i},Co ${i},${i % 2 ? "computer software" : "retail"}`);
      for (let j = 0; j < 3; j++) {
        const won = (i * 7 + j * 3) % 5 < 2;
        dl.push(
          `d${++k},${i},${won ? "Closed Won" : "Closed Lost"},${1000 + 10 * i},2024-0${1 + j}-10,2024-0${4 + j}-20`,
        );
      }
    }
    dl.push(`d${++k},1,Closed Won,5000,2024-05-01,2025-02-01`); // closed after as-of: open then
    dl.push(`d${++k},1,Closed Won,5000,2025-01-15,2025-02-01`); // created after as-of: did not exist
    writeFileSync(accounts, `${acc.join("\n")}\n`);
    writeFileSync(deals, `${dl.join("\n")}\n`);
    const run = () => validateReport(profile, accounts, deals);
    const r = run();
    assert.deepEqual(r.design.censored, { createdAfter: 1, closedAfter: 1, closedBeforeSplit: 0 });
    assert.equal(r.design.unit, "account");
    const all = r.groups.find((g) => g.group === "all");
    assert.equal(all?.deals.total, 181, "180 + the one closed after as-of; the later one is gone");
    assert.ok(r.warnings.some((w) => w.code === "censored_by_as_of"));
    // "in ICP" and "tier A" are the same accounts: the same intervals, to the last digit
    const inG = r.groups.find((g) => g.group === "in ICP");
    const tierA = r.groups.find((g) => g.group === "tier A");
    assert.deepEqual(inG?.winRate, tierA?.winRate);
    assert.deepEqual(inG?.cycle, tierA?.cycle);
    assert.deepEqual(inG?.dealSize, tierA?.dealSize);
    // three deals per account: the deal metrics are tested account by account
    const win = r.comparisons.find((c) => c.metric === "win_rate");
    assert.equal(win?.design?.accountsIn, 30);
    assert.match(win?.design?.method ?? "", /permutation/);
    assert.deepEqual(run(), r, "same inputs and as-of, same report");
  });
});

describe("outbound outcomes: reply, meeting and qualification rates in vs out of ICP", () => {
  // 120 accounts (half software = in ICP), 4 contacts each. In-ICP contacts reply 12% of the
  // time, others 2% (the seeds' example); one in five replies books a meeting.
  const APOLLO =
    "First Name,Last Name,Title,Company,Company Name for Emails,Email,Email Status,Stage,Last Contacted,Website,Email Sent,Email Open,Email Bounced,Replied,Demoed,Apollo Contact Id";
  const accountsFile = join(dir, "ob-accounts.csv");
  const profile = join(dir, "ob.yaml");
  const contactsFile = join(dir, "ob-apollo.csv");
  const eventsFile = join(dir, "ob-events.csv");
  const dealsFile = join(dir, "ob-deals.csv");
  const truth = { in: { sent: 0, replied: 0 }, out: { sent: 0, replied: 0 } };
  {
    writeFileSync(
      profile,
      "name: ob\ncriteria:\n  - { label: Software, field: industry, in: [computer software], weight: 10 }\ntiers:\n  - { name: A, min_score: 50, route: ae }\n  - { name: B, route: disqualify }\n",
    );
    const acc = ["name,domain,industry"];
    const contacts = [APOLLO];
    const events = ["Activity Type,Contact Email,Sequence,Timestamp"];
    const deals = ["account,stage,amount,created,closed"];
    let k = 0;
    for (let a = 0; a < 120; a++) {
      const inIcp = a % 2 === 0;
      acc.push(`Co${a},co${a}.com,${inIcp ? "computer software" : "retail"}`);
      deals.push(`Co${a},Closed Won,1000,2024-01-01,2024-02-01`);
      for (let c = 0; c < 4; c++) {
        k++;
        const email = `p${c}@co${a}.com`;
        const bounced = k % 25 === 0;
        // deterministic replies: 12% of in-ICP contacts, 2% of the others
        const replied = !bounced && (inIcp ? k % 50 < 6 : k % 50 === 7);
        const meeting = replied && k % 5 === 0;
        const g = inIcp ? truth.in : truth.out;
        if (!bounced) {
          g.sent++;
          if (replied) g.replied++;
        }
        contacts.push(
          [
            "P",
            String(k),
            "VP Sales",
            `Co${a}`,
            `Co${a}`,
            email,
            "Verified",
            replied ? "Replied" : "Approaching",
            "2024-11-02",
            `http://www.co${a}.com`,
            "true",
            replied ? "true" : "false",
            bounced ? "true" : "false",
            replied ? "true" : "false",
            meeting ? "true" : "false",
            `id${k}`,
          ].join(","),
        );
        events.push(`Email Sent,${email},Q4 outbound,2024-11-01`);
        if (bounced) events.push(`Email Bounced,${email},Q4 outbound,2024-11-01`);
        if (replied) events.push(`Email Replied,${email},Q4 outbound,2024-11-03`);
        if (meeting) events.push(`Meeting Booked,${email},Q4 outbound,2024-11-05`);
      }
    }
    events.push("Carrier pigeon,p0@co0.com,Q4 outbound,2024-11-06"); // a type nobody knows
    writeFileSync(accountsFile, `${acc.join("\n")}\n`);
    writeFileSync(contactsFile, `${contacts.join("\n")}\n`);
    writeFileSync(eventsFile, `${events.join("\n")}\n`);
    writeFileSync(dealsFile, `${deals.join("\n")}\n`);
  }
  const run = (activities: string) =>
    validateReport(profile, accountsFile, dealsFile, ["--activities", activities]);

  test("an Apollo-shaped contacts export: delivered contacts, rates per group, the ICP's lift found account by account", () => {
    const r = run(contactsFile);
    const ob = r.outbound;
    assert.ok(ob);
    assert.equal(ob.contacts, 480);
    assert.equal(ob.linked, 480);
    assert.deepEqual(ob.unreadable, {}, "Apollo's 'Email Status' (Verified) is not an outreach status");
    const g = (name: string) => ob.groups.find((x) => x.group === name);
    assert.equal(g("in ICP")?.delivered, truth.in.sent);
    assert.equal(g("in ICP")?.replied.rate, truth.in.replied / truth.in.sent);
    assert.equal(g("out of ICP")?.replied.rate, truth.out.replied / truth.out.sent);
    assert.equal(g("in ICP")?.accounts, 60);
    const reply = ob.comparisons.find((c) => c.metric === "reply_rate");
    assert.equal(reply?.direction, "better", reply?.text);
    assert.match(reply?.design.method ?? "", /permutation/, "4 contacts per account: accounts are the unit");
    assert.match(ob.text, /respond materially better/);
  });

  test("an activity log (one row per event) gives the same rates as the contacts export, and names what it could not read", () => {
    const flat = run(contactsFile).outbound;
    const log = run(eventsFile).outbound;
    assert.ok(flat && log);
    assert.equal(log.contacts, 480, "events of one contact add up to one contact");
    assert.equal(log.rows, log.contacts + log.activityRows);
    for (const name of ["in ICP", "out of ICP", "all"]) {
      const a: OutboundGroup | undefined = flat.groups.find((x) => x.group === name);
      const b: OutboundGroup | undefined = log.groups.find((x) => x.group === name);
      assert.equal(b?.delivered, a?.delivered, name);
      assert.equal(b?.replied.rate, a?.replied.rate, name);
      assert.equal(b?.meeting.rate, a?.meeting.rate, name);
    }
    assert.deepEqual(log.unreadable.type, { count: 1, examples: ["Carrier pigeon"] });
    assert.equal(log.campaigns[0]?.campaign, "Q4 outbound");
    assert.equal(log.campaigns[0]?.inIcpShare, truth.in.sent / (truth.in.sent + truth.out.sent));
  });
});

describe("a discovered profile validated on the deals it was learned from", () => {
  test("the draft records its sources; validating on them warns, a time split (--closed-after) does not", () => {
    const accounts = join(dir, "prov-accounts.csv");
    const early = join(dir, "prov-deals-h1.csv");
    const all = join(dir, "prov-deals-all.csv");
    const acc = ["id,name,industry,employees"];
    const h1 = ["id,account,stage,amount,created,closed"];
    const h2: string[] = [];
    for (let i = 0; i < 400; i++) {
      const sw = i % 2 === 0;
      acc.push(`${i},Co ${i},${sw ? "computer software" : "retail"},${50 + (i % 7) * 30}`);
      const won1 = sw ? i % 10 < 7 : i % 10 < 2;
      const won2 = sw ? (i + 3) % 10 < 7 : (i + 3) % 10 < 2;
      h1.push(
        `a${i},${i},${won1 ? "Closed Won" : "Closed Lost"},1000,2024-01-${String(1 + (i % 28)).padStart(2, "0")},2024-0${2 + (i % 4)}-15`,
      );
      h2.push(
        `b${i},${i},${won2 ? "Closed Won" : "Closed Lost"},1000,2024-07-${String(1 + (i % 28)).padStart(2, "0")},2024-${String(8 + (i % 4)).padStart(2, "0")}-15`,
      );
    }
    writeFileSync(accounts, `${acc.join("\n")}\n`);
    writeFileSync(early, `${h1.join("\n")}\n`);
    writeFileSync(all, `${[...h1, ...h2].join("\n")}\n`);
    const draft = join(dir, "prov-draft.yaml");
    const d = icp(["discover", accounts, "--deals", early, "--as-of", "2024-06-30", "-o", draft]);
    assert.equal(d.code, 0, d.stderr);
    const text = readFileSync(draft, "utf8");
    assert.match(text, /^discovered:\n {2}from:\n/m);
    assert.match(text, /file: "prov-deals-h1\.csv", sha256: "[0-9a-f]{64}"/);
    assert.match(text, /outcomes_through: "2024-05-15"/);
    const run = (deals: string, extra: string[] = []) => validateReport(draft, accounts, deals, extra);
    const same = run(early);
    const w = same.warnings.find((x) => x.code === "validated_on_discovery_data");
    assert.match(
      w?.text ?? "",
      /these very deals \(prov-deals-h1\.csv, same SHA-256\).*--closed-after 2024-05-15/,
    );
    // a later export that still holds the old deals: most closed on or before the last outcome seen
    assert.match(
      run(all).warnings.find((x) => x.code === "validated_on_discovery_data")?.text ?? "",
      /400 of 800 closed deals closed on or before 2024-05-15/,
    );
    // the time split: only later outcomes, no warning, and the cut is reported
    const split = run(all, ["--closed-after", "2024-05-15"]);
    assert.equal(
      split.warnings.find((x) => x.code === "validated_on_discovery_data"),
      undefined,
    );
    assert.equal(split.design.closedAfter, "2024-05-15");
    assert.equal(split.design.censored.closedBeforeSplit, 400);
    assert.equal(split.groups.find((g) => g.group === "all")?.winRate.n, 400);
    // a malformed day is a usage error that says what it expected
    const bad = icp([
      "validate",
      "-p",
      draft,
      "--accounts",
      accounts,
      "--deals",
      all,
      "--closed-after",
      "15/05/2024",
    ]);
    assert.notEqual(bad.code, 0);
    assert.match(bad.stderr, /expected a day as YYYY-MM-DD, found "15\/05\/2024"/);
  });
});
