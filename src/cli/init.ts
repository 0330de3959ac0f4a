/** `icp init`: a starter profile from first principles (flags, or questions at a terminal). */
import { existsSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import { checkProfileText } from "../profile/check.js";
import { renderDiagnostics } from "../profile/diagnostics.js";
import { parseBounds, type StarterAnswers, starterProfile } from "../profile/starter.js";
import { Workspace } from "../workspace/workspace.js";
import { fail, resolveAsOf } from "./io.js";

interface InitOpts {
  output: string;
  force?: boolean;
  name: string;
  owner?: string;
  description?: string;
  industry?: string[];
  excludeIndustry?: string[];
  employees?: string;
  revenue?: string;
  country?: string[];
  region?: string[];
  tech?: string[];
  fundingStage?: string[];
  fundingWithin?: number;
  hiring?: number;
  asOf?: string;
  workspace?: string;
}

const list = (xs: readonly string[] | undefined) =>
  (xs ?? [])
    .flatMap((x) => x.split(","))
    .map((x) => x.trim())
    .filter(Boolean);

const bounds = (s: string | undefined, flag: string) => {
  if (!s) return undefined;
  try {
    return parseBounds(s);
  } catch (e) {
    return fail(`${flag}: ${(e as Error).message}`);
  }
};

async function ask(a: StarterAnswers): Promise<StarterAnswers> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const q = async (text: string) => (await rl.question(`${text} `)).trim();
  try {
    process.stderr.write("A starter ICP from first principles. Press enter to skip a question.\n");
    a.name = (await q(`Name of this ICP [${a.name}]:`)) || a.name;
    a.industries = list([
      await q("Industries you sell best to (comma-separated, e.g. software development, fintech):"),
    ]);
    a.excludeIndustries = list([await q("Industries you never sell to:")]);
    const emp = await q("Employee range (e.g. 50-1000, 200+):");
    if (emp) a.employees = parseBounds(emp);
    a.countries = list([await q("Countries (names or codes, e.g. US, UK, Germany):")]);
    a.tech = list([await q("Tools they use that make you easy to adopt (e.g. salesforce, hubspot):")]);
    const f = await q("Trigger: raised money within how many days? (e.g. 365)");
    if (f) a.fundingWithinDays = Number.parseInt(f, 10);
    const h = await q("Trigger: at least how many open jobs?");
    if (h) a.hiringAtLeast = Number.parseInt(h, 10);
  } finally {
    rl.close();
  }
  return a;
}

export async function commandInit(opts: InitOpts): Promise<void> {
  if (existsSync(opts.output) && !opts.force)
    return fail(`${opts.output} exists; pass --force to overwrite it, or -o another file`);
  let a: StarterAnswers = {
    name: opts.name,
    ...(opts.owner ? { owner: opts.owner } : {}),
    ...(opts.description ? { description: opts.description } : {}),
    industries: list(opts.industry),
    excludeIndustries: list(opts.excludeIndustry),
    ...(opts.employees ? { employees: bounds(opts.employees, "--employees") } : {}),
    ...(opts.revenue ? { revenue: bounds(opts.revenue, "--revenue") } : {}),
    countries: list(opts.country),
    regions: list(opts.region),
    tech: list(opts.tech),
    fundingStages: list(opts.fundingStage),
    ...(opts.fundingWithin !== undefined ? { fundingWithinDays: opts.fundingWithin } : {}),
    ...(opts.hiring !== undefined ? { hiringAtLeast: opts.hiring } : {}),
  };
  const given =
    a.industries.length +
      a.excludeIndustries.length +
      a.countries.length +
      a.regions.length +
      a.tech.length +
      a.fundingStages.length >
      0 ||
    a.employees ||
    a.revenue ||
    a.fundingWithinDays !== undefined ||
    a.hiringAtLeast !== undefined;
  if (!given && process.stdin.isTTY) a = await ask(a);
  const text = starterProfile(a, resolveAsOf(opts.asOf).asOf);
  const checked = checkProfileText(text, opts.output);
  if (!checked.profile) {
    process.stderr.write(`${renderDiagnostics(checked.diagnostics)}\n`);
    return fail("the answers do not make a valid profile (see above)", 1);
  }
  writeFileSync(opts.output, text);
  process.stdout.write(`wrote ${opts.output}: ${checked.profile.criteria.length} criteria\n`);
  const warnings = checked.diagnostics.filter((d) => d.severity === "warning");
  if (warnings.length) process.stdout.write(`${renderDiagnostics(warnings)}\n`);
  if (opts.workspace) {
    const ws = await Workspace.open(opts.workspace);
    try {
      const v = await ws.saveProfile(text, {
        author: opts.owner ?? process.env.USER ?? "init",
        message: "starter profile (icp init)",
      });
      const token = (await ws.hasToken()) ? null : await ws.newToken();
      process.stdout.write(`workspace ${opts.workspace}: ${v.name} version ${v.version}\n`);
      if (token)
        process.stdout.write(
          `API token (shown once; a non-loopback icp serve requires it as "Authorization: Bearer …"):\n${token}\n`,
        );
    } finally {
      ws.close();
    }
    process.stdout.write(
      `next: icp serve --workspace ${opts.workspace}   (then open http://127.0.0.1:4321)\n`,
    );
    return;
  }
  process.stdout.write(
    `next: icp score companies.csv -p ${opts.output}   (and icp validate once you have deals)\n`,
  );
}
