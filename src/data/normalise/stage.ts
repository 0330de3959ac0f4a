/** Deal stages to won / lost / open from the spellings CRMs use; what is not understood is reported. */
import { isMissing, type RawValue } from "../../engine/values.js";
import { lookupKey } from "./text-key.js";

export type DealStatus = "won" | "lost" | "open";

const WON = [
  "won",
  "closed won",
  "closedwon",
  "win",
  "closed win",
  "signed",
  "booked",
  "closed booked",
  "deal won",
  "contract signed",
  "purchased",
  "converted",
  "customer",
];
const LOST = [
  "lost",
  "closed lost",
  "closedlost",
  "loss",
  "dead",
  "closed dead",
  "deal lost",
  "rejected",
  "declined",
  "no decision",
  "closed no decision",
  "closed disqualified",
  "disqualified",
  "unqualified",
  "not converted",
  "churned lost",
];
const OPEN = [
  "open",
  "new",
  "prospecting",
  "prospect",
  "qualification",
  "qualified",
  "qualifying",
  "needs analysis",
  "value proposition",
  "id decision makers",
  "perception analysis",
  "proposal price quote",
  "proposal",
  "negotiation review",
  "negotiation",
  "engaging",
  "engaged",
  "discovery",
  "demo",
  "demo scheduled",
  "appointment scheduled",
  "qualified to buy",
  "presentation scheduled",
  "decision maker bought in",
  "contract sent",
  "in progress",
  "pipeline",
  "evaluation",
  "trial",
  "poc",
  "proof of concept",
  "commit",
  "best case",
  "verbal",
  "legal",
  "procurement",
  "sales accepted",
  "sql",
  "mql",
  "working",
  "nurture",
];

const TABLE = new Map<string, DealStatus>();
for (const [list, st] of [
  [WON, "won"],
  [LOST, "lost"],
  [OPEN, "open"],
] as const) {
  for (const s of list) TABLE.set(lookupKey(s), st);
}

/**
 * The status of a deal stage, or null when the spelling is not understood. Probabilities and
 * numbering are ignored ("Closed Won (100%)", "6 - Closed Won").
 */
export function dealStatus(raw: RawValue): DealStatus | null {
  if (isMissing(raw)) return null;
  if (typeof raw === "boolean") return raw ? "won" : "lost";
  let k = lookupKey(String(raw).replace(/\(.*?\)/g, " "));
  k = k.replace(/^\d+\s+/, "").replace(/\s+\d+$/, "");
  const hit = TABLE.get(k);
  if (hit) return hit;
  if (/\bclosed?\s*won\b|\bwon\b/.test(k)) return "won";
  if (/\bclosed?\s*lost\b|\blost\b/.test(k)) return "lost";
  return null;
}
