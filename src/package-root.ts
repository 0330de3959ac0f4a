/**
 * The package's root directory (package.json, data/, ui/), found from wherever this code runs:
 * src/ under tsx, dist/ after tsc, or the bundled command line in dist/bin/.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = import.meta.dirname;
  for (;;) {
    if (existsSync(join(dir, "package.json")) && existsSync(join(dir, "data"))) {
      root = dir;
      return dir;
    }
    const up = dirname(dir);
    if (up === dir)
      throw new Error(`icpkit: no package root (package.json and data/) above ${import.meta.dirname}`);
    dir = up;
  }
}

/** A file shipped with the package, by its path from the package root. */
export const packageFile = (path: string): string => join(packageRoot(), path);
