/**
 * HTML → PDF through a local Chromium (playwright-core drives it; no browser download). Optional:
 * when no Chromium is installed the caller is told why and writes the HTML only.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const CANDIDATES = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

export function chromiumPath(): string | null {
  const env = process.env.ICP_CHROMIUM;
  if (env && existsSync(env)) return env;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export async function htmlToPdf(
  html: string,
  out: string,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const exe = chromiumPath();
  if (!exe)
    return {
      ok: false,
      reason: "no Chromium found (install it, e.g. `apt-get install chromium`, or set ICP_CHROMIUM)",
    };
  let pw: typeof import("playwright-core");
  try {
    pw = await import("playwright-core");
  } catch {
    return { ok: false, reason: "playwright-core is not installed (npm i playwright-core)" };
  }
  const dir = mkdtempSync(join(tmpdir(), "icp-pdf-"));
  const browser = await pw.chromium.launch({ executablePath: exe, args: ["--no-sandbox"] });
  try {
    const page = await browser.newPage();
    const f = join(dir, "doc.html");
    writeFileSync(f, html);
    await page.goto(pathToFileURL(f).href);
    await page.pdf({
      path: out,
      format: "A4",
      printBackground: true,
      margin: { top: "12mm", bottom: "12mm", left: "12mm", right: "12mm" },
    });
    return { ok: true };
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
