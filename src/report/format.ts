/** Figures as people read them, for terminal tables and reports: "—" for what is not known. */

export const pct = (x: number | null | undefined, digits = 1): string =>
  x === null || x === undefined ? "—" : `${(100 * x).toFixed(digits)}%`;

export const num = (x: number | null | undefined, digits = 0): string =>
  x === null || x === undefined || Number.isNaN(x)
    ? "—"
    : x === Number.POSITIVE_INFINITY
      ? "∞"
      : x === Number.NEGATIVE_INFINITY
        ? "−∞"
        : x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

export const interval = (
  c: { lo: number; hi: number } | null | undefined,
  f: (x: number) => string,
  sep = " – ",
): string => (c && Number.isFinite(c.lo) ? `${f(c.lo)}${sep}${f(c.hi)}` : "—");
