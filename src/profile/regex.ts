/**
 * Regular expressions in profiles must mean the same in JavaScript, RE2 (DuckDB, BigQuery) and
 * PostgreSQL. This accepts the common subset and says what to change otherwise.
 */
export interface RegexProblem {
  message: string;
  hint: string;
}

const UNSUPPORTED: Array<[RegExp, string, string]> = [
  [
    /\(\?[=!]/,
    "lookahead `(?=` / `(?!` is not supported by RE2",
    "match the text itself, or split into two criteria",
  ],
  [
    /\(\?<[=!]/,
    "lookbehind `(?<=` / `(?<!` is not supported by RE2",
    "match the text itself, or split into two criteria",
  ],
  [/\(\?<[A-Za-z]/, "named groups are not portable", "use a plain group `( … )`"],
  [
    /\(\?[a-zA-Z]/,
    "inline flags are not portable",
    "matching is always case-insensitive; drop the inline flag",
  ],
  [/\\[1-9]/, "back-references are not supported by RE2", "repeat the text explicitly"],
  [/\\k</, "named back-references are not supported by RE2", "repeat the text explicitly"],
  [
    /\\[bB]/,
    "word boundaries `\\b` differ between engines (PostgreSQL uses \\y)",
    "use (^|[^a-z0-9]) … ([^a-z0-9]|$), or `contains`",
  ],
  [/\\[pP]\{/, "Unicode property classes differ between engines", "list the characters explicitly"],
];

export function checkPortableRegex(pattern: string): RegexProblem | undefined {
  try {
    new RegExp(pattern, "iu");
  } catch (e) {
    return {
      message: `not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`,
      hint: "escape special characters such as ( ) [ ] . * + ? with a backslash",
    };
  }
  for (const [re, message, hint] of UNSUPPORTED) if (re.test(pattern)) return { message, hint };
  return undefined;
}
