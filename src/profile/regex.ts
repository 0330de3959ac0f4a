import { lowerCodePoints } from "../engine/values.js";

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
  [
    /\[:[a-z]+:\]/,
    "POSIX classes such as [:alpha:] are not portable (JavaScript reads them as characters)",
    "list the characters: [a-z]",
  ],
  [
    /\\[AzZG]/,
    "anchors \\A \\z \\Z \\G are not portable",
    "use ^ and $ (they match at the start and end of the text)",
  ],
  [/\\[cu]/, "control and \\u escapes are not portable", "write the character itself"],
];

export function checkPortableRegex(pattern: string): RegexProblem | undefined {
  if (/\[:[a-z]+:\]/.test(pattern))
    return {
      message: "POSIX classes such as [:alpha:] are not portable (JavaScript does not read them)",
      hint: "list the characters: [a-z]",
    };
  // what engines read differently is named before a JavaScript syntax error could hide it
  for (const [re, message, hint] of UNSUPPORTED) if (re.test(pattern)) return { message, hint };
  try {
    new RegExp(pattern, "iu");
  } catch (e) {
    return {
      message: `not a valid regular expression: ${(e as Error).message.replace(/^Invalid regular expression: /, "")}`,
      hint: "escape special characters such as ( ) [ ] . * + ? with a backslash",
    };
  }
  // a negated shorthand inside a class ([\S-]) has no explicit spelling every engine shares
  if (/\[[^\]]*\\[DWS]/.test(pattern))
    return {
      message: "a negated class (\\D, \\W, \\S) inside [ ] is not portable",
      hint: "write it outside the brackets, as an alternative: (\\S|-)",
    };
  return undefined;
}

/** Shorthand classes spelled out, so that every engine reads them alike (after case folding). */
const OUTSIDE: Readonly<Record<string, string>> = {
  d: "[0-9]",
  D: "[^0-9]",
  w: "[0-9a-z_]",
  W: "[^0-9a-z_]",
  s: "[ \\t\\n\\r\\f\\x0B]",
  S: "[^ \\t\\n\\r\\f\\x0B]",
  v: "\\x0B",
};
const INSIDE: Readonly<Record<string, string>> = {
  d: "0-9",
  w: "0-9a-z_",
  s: " \\t\\n\\r\\f\\x0B",
  v: "\\x0B",
};

/**
 * The pattern every engine runs for `matches`, from a pattern `checkPortableRegex` accepts. Engines
 * differ on `.` (JavaScript stops at \r and U+2028, PostgreSQL crosses line ends), on `\w` `\d` `\s`
 * (PostgreSQL's include accented letters, JavaScript's `\s` includes no-break spaces) and on Unicode
 * case-insensitivity. So `.` becomes `[^\n]`, the shorthand classes become explicit ASCII classes
 * (white space is the project's: space, tab, LF, CR, FF, VT), and the pattern is lower-cased as the
 * text is folded: engines match the folded text with the lower-case pattern, case-sensitively.
 */
export function portablePattern(pattern: string): string {
  let out = "";
  let inClass = false;
  let classStart = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\") {
      const n = pattern[i + 1] ?? "";
      i++;
      const exp = inClass ? INSIDE[n] : OUTSIDE[n];
      out += exp ?? `\\${n}`;
      classStart = false;
      continue;
    }
    if (inClass) {
      if (c === "]" && !classStart) inClass = false;
      classStart = classStart && c === "^";
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      classStart = true;
      out += c;
    } else if (c === ".") out += "[^\\n]";
    else out += c;
  }
  return lowerCodePoints(out);
}
