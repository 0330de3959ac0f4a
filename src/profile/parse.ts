/** YAML text → profile spec, with every structural problem located at file:line:col. */
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type YAMLMap } from "yaml";
import type { z } from "zod";
import { type Diagnostic, didYouMean, type PathSegment } from "./diagnostics.js";
import {
  criterionSchema,
  durationSchema,
  fieldDeclSchema,
  type ProfileSpec,
  profileSchema,
  rangeSchema,
  tierSchema,
} from "./schema.js";

export interface ParsedSpec {
  spec?: ProfileSpec;
  diagnostics: Diagnostic[];
  /** Position of a path in the source (1-based), for later diagnostics. */
  locate(path: readonly PathSegment[], at?: "key" | "value"): { line: number; col: number } | undefined;
}

/** Short, readable form of a received value. */
export function describeValue(v: unknown): string {
  if (v === undefined) return "nothing";
  if (v === null) return "null (empty)";
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  return String(v);
}

const TYPE_WORDS: Record<string, string> = {
  number: "a number",
  string: "a string",
  array: "a list",
  object: "a mapping",
  boolean: "true or false",
  int: "an integer",
};

function keysOf(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/** The known keys of the mapping at `path`, for "did you mean" hints. */
function knownKeysAt(path: readonly PathSegment[]): string[] {
  const p = path.map((s) => (typeof s === "number" ? "#" : s)).join("/");
  if (p === "") return keysOf(profileSchema);
  if (p === "criteria/#") return keysOf(criterionSchema);
  if (p === "criteria/#/range") return keysOf(rangeSchema);
  if (p === "criteria/#/within") return keysOf(durationSchema);
  if (p === "tiers/#") return keysOf(tierSchema);
  if (/^fields\/[^/]+$/.test(p)) return keysOf(fieldDeclSchema);
  return [];
}

const HINTS: Record<string, string> = {
  min: "write a number such as 50, or remove `min` for an open-ended range",
  max: "write a number such as 1000, or remove `max` for an open-ended range",
  weight: "write a number such as 20 (negative to penalise), or use `require: true` / `exclude: true`",
  min_coverage: "write a share between 0 and 1 such as 0.6, or a percentage such as 60%",
  min_score: "write a score between 0 and 100",
};

function getIn(root: unknown, path: readonly PathSegment[]): unknown {
  let cur: unknown = root;
  for (const seg of path) {
    if (cur === null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string | number, unknown>)[seg];
  }
  return cur;
}

function zodIssueToDiagnostics(issue: z.core.$ZodIssue, data: unknown): Diagnostic[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== "symbol");
  const last = path[path.length - 1];
  const received = describeValue(getIn(data, path));
  const base = { severity: "error" as const, path };
  switch (issue.code) {
    case "invalid_type": {
      const input = getIn(data, path);
      if (input === undefined) {
        return [
          {
            ...base,
            code: "missing_key",
            message: `\`${String(last)}\` is required`,
            expected: TYPE_WORDS[issue.expected] ?? issue.expected,
            received: "nothing",
          },
        ];
      }
      return [
        {
          ...base,
          code: "invalid_type",
          message: `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}`,
          expected: TYPE_WORDS[issue.expected] ?? issue.expected,
          received,
          ...(typeof last === "string" && HINTS[last] ? { hint: HINTS[last] } : {}),
        },
      ];
    }
    case "unrecognized_keys": {
      const known = knownKeysAt(path);
      return issue.keys.map((key) => {
        const guess = didYouMean(key, known);
        return {
          ...base,
          path: [...path, key],
          code: "unknown_key",
          message: `unknown key \`${key}\``,
          ...(guess
            ? { hint: `did you mean \`${guess}\`?` }
            : known.length
              ? { hint: `known keys: ${known.join(", ")}` }
              : {}),
        };
      });
    }
    case "too_small":
    case "too_big": {
      const bound = issue.code === "too_small" ? issue.minimum : issue.maximum;
      const incl = issue.inclusive !== false;
      const op = issue.code === "too_small" ? (incl ? "≥" : ">") : incl ? "≤" : "<";
      const expected =
        issue.origin === "array"
          ? `${issue.code === "too_small" ? "at least" : "at most"} ${String(bound)} item(s)`
          : issue.origin === "string"
            ? "a non-empty string"
            : `a number ${op} ${String(bound)}`;
      // an empty criteria list is what a discovery that found no signal writes: say so plainly
      if (path.length === 1 && last === "criteria" && issue.origin === "array")
        return [
          {
            ...base,
            code: issue.code,
            message: "the profile has no criteria: nothing to score by",
            expected,
            received: "an empty list",
            hint: "add at least one criterion (a draft from `icp discover` has none when the data showed no reliable signal: write them from what you know, or discover from more data)",
          },
        ];
      return [
        {
          ...base,
          code: issue.code,
          message: issue.message,
          expected,
          received,
          ...(typeof last === "string" && HINTS[last] ? { hint: HINTS[last] } : {}),
        },
      ];
    }
    case "invalid_value":
      return [
        {
          ...base,
          code: "invalid_value",
          message: issue.message,
          expected: `one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`,
          received,
        },
      ];
    case "invalid_format":
      return [
        {
          ...base,
          code: "invalid_format",
          message: issue.message,
          expected: issue.message.replace(/^Invalid string: /, ""),
          received,
        },
      ];
    case "invalid_union":
      return [
        {
          ...base,
          code: "invalid_type",
          message: issue.message,
          expected:
            last === "min_coverage"
              ? "a share between 0 and 1, or a percentage such as 60%"
              : "a valid value",
          received,
          ...(typeof last === "string" && HINTS[last] ? { hint: HINTS[last] } : {}),
        },
      ];
    default:
      return [{ ...base, code: issue.code, message: issue.message, received }];
  }
}

/** Parse YAML (or JSON) profile text. Never throws: problems come back as diagnostics. */
export function parseProfileText(text: string, file?: string): ParsedSpec {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const pos = (offset: number) => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, col: p.col };
  };

  const locate = (path: readonly PathSegment[], at: "key" | "value" = "value") => {
    // Find the deepest node on the path that exists; for a key that is named but not a node, its key.
    let node: unknown = doc.contents;
    let best: { line: number; col: number } | undefined =
      node && (node as Node).range ? pos((node as Node).range![0]) : undefined;
    for (const seg of path) {
      if (isMap(node)) {
        const pair = (node as YAMLMap).items.find(
          (it) => isScalar(it.key) && String(it.key.value) === String(seg),
        );
        if (!pair) return best;
        const keyNode = pair.key as Node;
        if (keyNode.range) best = pos(keyNode.range[0]);
        if (at === "key" && seg === path[path.length - 1]) return best;
        node = pair.value;
        if (node && (node as Node).range) best = pos((node as Node).range![0]);
      } else if (isSeq(node) && typeof seg === "number") {
        node = node.items[seg];
        if (node && (node as Node).range) best = pos((node as Node).range![0]);
        else return best;
      } else return best;
    }
    return best;
  };

  const diagnostics: Diagnostic[] = [];
  for (const err of doc.errors) {
    const at = pos(err.pos[0]);
    diagnostics.push({
      severity: "error",
      code: "yaml_syntax",
      path: [],
      message: err.message.split("\n")[0] ?? err.message,
      hint:
        err.code === "DUPLICATE_KEY"
          ? "each key may appear once in a mapping"
          : "check indentation and quoting",
      ...(file ? { file } : {}),
      ...at,
    });
  }
  if (diagnostics.length > 0) return { diagnostics, locate };

  const data: unknown = doc.toJS();
  if (data === null || typeof data !== "object" || Array.isArray(data)) {
    diagnostics.push({
      severity: "error",
      code: "invalid_type",
      path: [],
      message: "a profile is a mapping with name, criteria and tiers",
      expected: "a mapping",
      received: describeValue(data),
      ...(file ? { file } : {}),
      line: 1,
      col: 1,
    });
    return { diagnostics, locate };
  }
  const result = profileSchema.safeParse(data);
  if (!result.success) {
    for (const issue of result.error.issues) {
      for (const d of zodIssueToDiagnostics(issue, data)) {
        const at = locate(d.path, d.code === "unknown_key" ? "key" : "value");
        diagnostics.push({ ...d, ...(file ? { file } : {}), ...(at ?? {}) });
      }
    }
    return { diagnostics, locate };
  }
  return { spec: result.data, diagnostics, locate };
}
