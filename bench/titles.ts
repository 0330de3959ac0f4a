/**
 * Title parser speed: 1M job titles parsed in one process (target ≤ 5 s).
 * Titles: a seeded mix of generated titles (seniority × function words × noise), so the
 * benchmark runs without ../shared; written to bench/results/titles.json.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { Rng } from "../src/generate/random.js";
import { loadDefaultLexicon, parseTitle } from "../src/personas/titles.js";

const N = Number(process.env.BENCH_TITLES ?? 1_000_000);
const rng = new Rng(7);
const pre = [
  "",
  "",
  "Senior ",
  "Sr. ",
  "Lead ",
  "Junior ",
  "Head of ",
  "VP ",
  "Director of ",
  "Chief ",
  "Founding ",
  "Staff ",
];
const core = [
  "Software Engineer",
  "Account Executive",
  "Product Manager",
  "Product Designer",
  "Data Scientist",
  "Customer Success Manager",
  "Marketing Manager",
  "Recruiter",
  "Controller",
  "Counsel",
  "Operations",
  "Sales",
  "Growth",
  "IT Security",
  "Geschäftsführer",
  "Directeur financier",
];
const post = ["", "", "", " (Remote)", " - Berlin", " II", ", EMEA", " & Marketing", " 🚀", " to the CEO"];
const titles = Array.from({ length: 50_000 }, () => rng.pick(pre) + rng.pick(core) + rng.pick(post));

const lex = loadDefaultLexicon();
parseTitle("warm up", lex);
const started = performance.now();
let checksum = 0;
for (let i = 0; i < N; i++) {
  const p = parseTitle(titles[i % titles.length]!, lex);
  checksum += p.functions.length + p.seniority.length;
}
const seconds = (performance.now() - started) / 1000;
const result = {
  stamp: new Date().toISOString(),
  titles: N,
  seconds: Number(seconds.toFixed(2)),
  perSecond: Math.round(N / seconds),
  checksum,
};
mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
writeFileSync(join(import.meta.dirname, "results/titles.json"), `${JSON.stringify(result, null, 2)}\n`);
console.log("\ntitle parser");
console.log("titles       seconds   titles/s   target");
console.log(
  `${N.toLocaleString("en-US").padStart(10)}   ${seconds.toFixed(2).padStart(7)}   ${result.perSecond.toLocaleString("en-US").padStart(9)}   ≤ 5 s ${seconds <= 5 ? "met" : "NOT met"}`,
);
