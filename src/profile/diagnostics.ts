/** Problems are data: collected, never thrown one at a time, and rendered separately. */

export type Severity = "error" | "warning";
export type PathSegment = string | number;

export interface Diagnostic {
  severity: Severity;
  /** Stable machine code, e.g. `invalid_type`, `unknown_key`, `unknown_field`. */
  code: string;
  /** Where in the profile, e.g. ["criteria", 2, "range", "min"]. */
  path: PathSegment[];
  message: string;
  expected?: string;
  received?: string;
  hint?: string;
  file?: string;
  line?: number;
  col?: number;
}

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out === "" ? "(root)" : out;
}

/** Render like a compiler: `file:line:col  severity  path`, then detail lines. */
export function renderDiagnostic(d: Diagnostic): string {
  const where = [d.file ?? "<profile>", d.line, d.col].filter((x) => x !== undefined).join(":");
  const lines = [`${where}  ${d.severity}  ${formatPath(d.path)}`];
  if (d.expected !== undefined || d.received !== undefined) {
    const parts: string[] = [];
    if (d.expected !== undefined) parts.push(`expected ${d.expected}`);
    if (d.received !== undefined) parts.push(`received ${d.received}`);
    lines.push(`  ${parts.join(", ")}`);
    if (d.message && !d.message.startsWith("expected") && !d.message.startsWith("Invalid input"))
      lines.push(`  ${d.message}`);
  } else {
    lines.push(`  ${d.message}`);
  }
  if (d.hint) lines.push(`  hint: ${d.hint}`);
  return lines.join("\n");
}

export function renderDiagnostics(ds: readonly Diagnostic[]): string {
  const errors = ds.filter((d) => d.severity === "error").length;
  const warnings = ds.length - errors;
  const body = ds.map(renderDiagnostic).join("\n\n");
  const summary = `${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`;
  return body === "" ? summary : `${body}\n\n${summary}`;
}

export const hasErrors = (ds: readonly Diagnostic[]): boolean => ds.some((d) => d.severity === "error");

/** Levenshtein distance, for "did you mean" hints. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

/** The closest candidate within a small edit distance, if any. */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestD = Number.POSITIVE_INFINITY;
  const w = word.toLowerCase();
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  const limit = Math.max(1, Math.floor(word.length / 3));
  return best !== undefined && bestD <= limit ? best : undefined;
}

/** Thrown by library calls that cannot go on; carries every diagnostic. */
export class ProfileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(renderDiagnostics(diagnostics));
    this.name = "ProfileError";
  }
}
