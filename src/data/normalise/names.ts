/** Company names for matching: case, accents, punctuation, a leading "the" and legal suffixes ignored. */
import { lookupKey } from "./text-key.js";

const LEGAL = new Set([
  "inc",
  "incorporated",
  "llc",
  "l l c",
  "ltd",
  "limited",
  "corp",
  "corporation",
  "co",
  "company",
  "gmbh",
  "ag",
  "sa",
  "sas",
  "sarl",
  "srl",
  "spa",
  "bv",
  "nv",
  "plc",
  "pty",
  "pte",
  "oy",
  "oyj",
  "ab",
  "as",
  "asa",
  "kk",
  "lp",
  "llp",
  "lllp",
  "pc",
  "se",
  "kg",
  "kgaa",
  "ug",
  "sl",
  "sca",
  "holdings",
  "holding",
  "group",
]);

export function companyKey(name: string): string {
  const words = lookupKey(name)
    .split(" ")
    .filter((w) => w !== "");
  if (words[0] === "the" && words.length > 1) words.shift();
  while (words.length > 1 && LEGAL.has(words[words.length - 1] ?? "")) words.pop();
  // "l l c" style after punctuation removal
  let s = words.join(" ");
  for (const suffix of [" l l c", " l l p", " s a", " b v", " n v", " s p a"])
    if (s.endsWith(suffix)) s = s.slice(0, -suffix.length);
  return s;
}
