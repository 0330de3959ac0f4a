/**
 * Job title → function(s) and seniority, from the lexicon in data/titles.yaml (documented there).
 * Built once per lexicon into phrase maps; parsing a title is a few map look-ups per word.
 */

import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { packageFile } from "../package-root.js";
import { SENIORITY_LEVELS } from "../profile/schema.js";

/** Seniority levels, highest first (the profile schema's list). */
export const SENIORITIES = SENIORITY_LEVELS;
export type Seniority = (typeof SENIORITY_LEVELS)[number];

export interface ParsedTitle {
  /** Functions in order of strength (may be several: "VP Sales & Marketing"). */
  functions: string[];
  /** The strongest function, or null when no word of the title names one. */
  function: string | null;
  seniority: Seniority;
}

interface LexiconFile {
  abbreviations: Record<string, string>;
  functions: Record<string, { label: string; yc?: string; phrases: Record<string, number> }>;
  seniority: Record<string, string[]>;
  not_seniority: string[];
  cut_after: string[];
}

export interface Lexicon {
  abbreviations: Map<string, string[]>;
  /** phrase (space-joined words) → [function, points][] */
  phrases: Map<string, Array<[string, number]>>;
  seniority: Map<string, Seniority>;
  notSeniority: Set<string>;
  cutAfter: string[];
  maxPhraseWords: number;
  /** First words of multi-word phrases: other words are looked up alone. */
  multiStart: Set<string>;
  labels: Record<string, string>;
  yc: Record<string, string>;
}

const WORD = /[\p{L}\p{N}&.'+#-]+/gu;

// . ' - at either end of a word are punctuation ("Sr.", "'Lead'"), not part of it.
const isEdgePunct = (c: number) => c === 46 || c === 39 || c === 45;

function words(s: string): string[] {
  const out: string[] = [];
  for (const w of s.match(WORD) ?? []) {
    let a = 0;
    let b = w.length;
    while (a < b && isEdgePunct(w.charCodeAt(a))) a++;
    while (b > a && isEdgePunct(w.charCodeAt(b - 1))) b--;
    if (b > a) out.push(a === 0 && b === w.length ? w : w.slice(a, b));
  }
  return out;
}

export function buildLexicon(file: LexiconFile): Lexicon {
  const abbreviations = new Map<string, string[]>();
  for (const [k, v] of Object.entries(file.abbreviations)) abbreviations.set(k.replace(/\.$/, ""), words(v));
  const phrases = new Map<string, Array<[string, number]>>();
  let maxPhraseWords = 1;
  const labels: Record<string, string> = {};
  const yc: Record<string, string> = {};
  for (const [fn, def] of Object.entries(file.functions)) {
    labels[fn] = def.label;
    if (def.yc) yc[fn] = def.yc;
    for (const [phrase, points] of Object.entries(def.phrases)) {
      const key = words(phrase.toLowerCase()).join(" ");
      maxPhraseWords = Math.max(maxPhraseWords, key.split(" ").length);
      const list = phrases.get(key) ?? [];
      list.push([fn, points]);
      phrases.set(key, list);
    }
  }
  const seniority = new Map<string, Seniority>();
  for (const level of SENIORITIES) {
    for (const w of file.seniority[level] ?? []) {
      const key = words(w.toLowerCase()).join(" ");
      if (!seniority.has(key)) seniority.set(key, level);
      maxPhraseWords = Math.max(maxPhraseWords, key.split(" ").length);
    }
  }
  const multiStart = new Set<string>();
  for (const key of [...phrases.keys(), ...seniority.keys()]) {
    const sp = key.indexOf(" ");
    if (sp > 0) multiStart.add(key.slice(0, sp));
  }
  return {
    multiStart,
    abbreviations,
    phrases,
    seniority,
    notSeniority: new Set(file.not_seniority),
    cutAfter: file.cut_after,
    maxPhraseWords,
    labels,
    yc,
  };
}

let defaultLexicon: Lexicon | undefined;

/** The lexicon shipped in data/titles.yaml. */
export function loadDefaultLexicon(): Lexicon {
  if (!defaultLexicon) {
    const path = packageFile("data/titles.yaml");
    defaultLexicon = buildLexicon(parse(readFileSync(path, "utf8")) as LexiconFile);
  }
  return defaultLexicon;
}

const RANK: Record<Seniority, number> = {
  owner_founder: 7,
  c_level: 6,
  vp: 5,
  head_director: 4,
  manager: 3,
  senior_ic: 2,
  ic: 1,
  entry: 0,
};

/** The most words a phrase starting at `i` can have. */
function longest(lex: Lexicon, ws: readonly string[], i: number): number {
  return lex.multiStart.has(ws[i]!) ? Math.min(lex.maxPhraseWords, ws.length - i) : 1;
}

function gram(ws: readonly string[], i: number, n: number): string {
  return n === 1 ? ws[i]! : ws.slice(i, i + n).join(" ");
}

/** Parse one job title. */
export function parseTitle(title: string, lex: Lexicon = loadDefaultLexicon()): ParsedTitle {
  let t = ` ${title.toLowerCase()} `
    .replace(/\([^)]*\)|\[[^\]]*\]/g, " ")
    .replace(/[\u{1F000}-\u{1FFFF}\u{2600}-\u{27BF}]/gu, " ");
  for (const cut of lex.cutAfter) {
    const i = t.indexOf(cut);
    if (i > 0) t = t.slice(0, i);
  }
  // Parts: "VP Sales & Marketing", "Founder / CEO", "Engineer - Backend".
  const parts = t.split(/,\s*|\s[-–—|/]\s|\s&\s|\sand\s|\s\+\s|[|/]/);
  const scores = new Map<string, number>();
  let seniority: Seniority = "ic";
  let sawSeniority = false;
  for (const part of parts) {
    const ws: string[] = [];
    for (const w of words(part)) {
      const ab = lex.abbreviations.get(w);
      if (ab) ws.push(...ab);
      else if (
        w.length > 3 &&
        w.endsWith("s") &&
        !lex.phrases.has(w) &&
        !lex.seniority.has(w) &&
        lex.phrases.has(w.slice(0, -1))
      ) {
        ws.push(w.slice(0, -1)); // plural: "Account Executives"
      } else ws.push(w);
    }
    // Seniority: longest seniority phrase at each position, its words then skipped.
    for (let i = 0; i < ws.length; ) {
      let n = longest(lex, ws, i);
      for (; n >= 1; n--) {
        const key = gram(ws, i, n);
        const sen = lex.seniority.get(key);
        if (!sen) continue;
        if (!(i > 0 && lex.notSeniority.has(ws[i - 1]!))) {
          if (!sawSeniority || RANK[sen] > RANK[seniority]) seniority = sen;
          sawSeniority = true;
        }
        break;
      }
      i += Math.max(1, n);
    }
    // Functions: longest phrase at each position; a seniority phrase ("vice president") takes its
    // words without naming a function.
    let rightmost: string | null = null;
    for (let i = 0; i < ws.length; ) {
      let n = longest(lex, ws, i);
      for (; n >= 1; n--) {
        const key = gram(ws, i, n);
        const fns = lex.phrases.get(key);
        if (fns) {
          for (const [fn, pts] of fns) scores.set(fn, (scores.get(fn) ?? 0) + pts);
          rightmost = fns[0]![0];
          break;
        }
        if (n > 1 && lex.seniority.has(key)) break;
      }
      i += Math.max(1, n);
    }
    if (rightmost) scores.set(rightmost, (scores.get(rightmost) ?? 0) + 1);
  }
  let best = 0;
  for (const v of scores.values()) if (v > best) best = v;
  // Functions within 70% of the best (and with at least 3 points), strongest first; ties keep
  // the order in which the title names them.
  const functions: string[] = [];
  const points: number[] = [];
  for (const [f, v] of scores) {
    if (v < 0.7 * best || v < 3) continue;
    let k = functions.length;
    while (k > 0 && points[k - 1]! < v) k--;
    functions.splice(k, 0, f);
    points.splice(k, 0, v);
  }
  return { functions, function: functions[0] ?? null, seniority };
}
