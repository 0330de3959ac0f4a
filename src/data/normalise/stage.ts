/**
 * Deal stages to won / lost / open. The spellings CRMs use, in English, Spanish, Portuguese, French,
 * German, Italian and Dutch and as HubSpot's internal stage ids, are data
 * (data/vocabularies/stages.json). A stage not listed is read by rule, as teams rename stages: a
 * closed stage that is not won ("Closed: abandoned") is lost, anything else ("On hold / future
 * opportunity", "Awaiting outcome") is open. Salesforce's IsWon / IsClosed and HubSpot's
 * hs_is_closed_won, when the file has them, decide over the stage name; a `--stage-map` decides
 * over both.
 */
import { readFileSync } from "node:fs";
import { isMissing, type RawValue, toBoolean } from "../../engine/values.js";
import { packageFile } from "../../package-root.js";
import { lookupKey } from "./text-key.js";

export type DealStatus = "won" | "lost" | "open";

interface StageFile {
  won: Record<string, string[]>;
  lost: Record<string, string[]>;
  open: Record<string, string[]>;
}

/** The stage vocabulary: status → language or CRM → spellings. */
export const STAGE_VOCABULARY: StageFile = JSON.parse(
  readFileSync(packageFile("data/vocabularies/stages.json"), "utf8"),
) as StageFile;

const TABLE = new Map<string, DealStatus>();
for (const status of ["won", "lost", "open"] as const)
  for (const spellings of Object.values(STAGE_VOCABULARY[status]))
    for (const s of spellings) TABLE.set(lookupKey(s), status);

/** How a stage cell was read: the status and the rule that decided it. */
export interface StageReading {
  status: DealStatus;
  rule: "stage map" | "vocabulary" | "closed, not won" | "not a known stage name" | "is won / is closed";
}

/** The key a stage is looked up by: probabilities and numbering ignored ("Closed Won (100%)", "6 - Closed Won"). */
export function stageKey(raw: string): string {
  return lookupKey(raw.replace(/\(.*?\)/g, " "))
    .replace(/^\d+\s+/, "")
    .replace(/\s+\d+$/, "");
}

/** A `--stage-map` ("Firmas=won", repeatable): stage as written → status, looked up like the vocabulary. */
export type StageMap = ReadonlyMap<string, DealStatus>;

export function parseStageMap(entries: readonly string[]): StageMap {
  const out = new Map<string, DealStatus>();
  for (const e of entries) {
    const at = e.lastIndexOf("=");
    const stage = at > 0 ? e.slice(0, at).trim() : "";
    const status =
      at > 0
        ? e
            .slice(at + 1)
            .trim()
            .toLowerCase()
        : "";
    if (stage === "" || (status !== "won" && status !== "lost" && status !== "open"))
      throw new Error(`--stage-map ${JSON.stringify(e)}: expected stage=won, stage=lost or stage=open`);
    out.set(stageKey(stage), status);
  }
  return out;
}

/** How one stage cell reads, or null when it is missing. */
export function readStage(raw: RawValue, map?: StageMap): StageReading | null {
  if (isMissing(raw)) return null;
  if (typeof raw === "boolean") return { status: raw ? "won" : "lost", rule: "vocabulary" };
  const k = stageKey(String(raw));
  const mapped = map?.get(k);
  if (mapped) return { status: mapped, rule: "stage map" };
  const hit = TABLE.get(k);
  if (hit) return { status: hit, rule: "vocabulary" };
  if (/\bclosed?\s*won\b|\bwon\b/.test(k)) return { status: "won", rule: "vocabulary" };
  if (/\bclosed?\s*lost\b|\blost\b/.test(k)) return { status: "lost", rule: "vocabulary" };
  if (/\b(closed?|cerrad[ao]|fechad[ao]|ferme+e?|geschlossen|abgeschlossen|chius[ao]|gesloten)\b/.test(k))
    return { status: "lost", rule: "closed, not won" };
  return { status: "open", rule: "not a known stage name" };
}

/** The status of a deal stage, or null when the cell is missing. */
export function dealStatus(raw: RawValue, map?: StageMap): DealStatus | null {
  return readStage(raw, map)?.status ?? null;
}

/**
 * A deal's status from its row: a stage map entry first, then the CRM's own flags (IsWon and
 * IsClosed; a won flag alone, as HubSpot's hs_is_closed_won, decides only "won"), then the stage.
 */
export function dealOutcome(
  stage: RawValue,
  flags: { isWon?: RawValue; isClosed?: RawValue },
  map?: StageMap,
): StageReading | null {
  const byStage = readStage(stage, map);
  if (byStage?.rule === "stage map") return byStage;
  const won = flags.isWon === undefined ? null : toBoolean(flags.isWon);
  const closed = flags.isClosed === undefined ? null : toBoolean(flags.isClosed);
  if (won === true) return { status: "won", rule: "is won / is closed" };
  if (closed === true && won === false) return { status: "lost", rule: "is won / is closed" };
  if (closed === false) return { status: "open", rule: "is won / is closed" };
  return byStage;
}
