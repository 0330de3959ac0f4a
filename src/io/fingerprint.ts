/** A file's SHA-256 (hex), read as a stream: what a discovered profile records of its sources. */
import { createHash } from "node:crypto";
import { createReadStream, existsSync, statSync } from "node:fs";
import { basename } from "node:path";

export async function fileSha256(path: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** The given paths that are files, each as { file: its name, sha256 }, in order, without repeats. */
export async function fingerprints(
  paths: readonly (string | undefined)[],
): Promise<{ file: string; sha256: string }[]> {
  const out: { file: string; sha256: string }[] = [];
  const seen = new Set<string>();
  for (const p of paths) {
    if (!p || seen.has(p) || !existsSync(p) || !statSync(p).isFile()) continue;
    seen.add(p);
    out.push({ file: basename(p), sha256: await fileSha256(p) });
  }
  return out;
}
