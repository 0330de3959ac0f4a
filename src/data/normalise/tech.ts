/**
 * Technology lists: one cell split on `;` `,` `|`, items canonicalised case-insensitively to one
 * spelling (the known name, else the first spelling seen), with common aliases ("SFDC" → Salesforce).
 */
import { isMissing, LIST_SEPARATOR, type RawValue, trimWs } from "../../engine/values.js";
import { lookupKey } from "./text-key.js";

const KNOWN: Record<string, string[]> = {
  Salesforce: ["sfdc", "salesforce com", "salesforce crm", "sales cloud"],
  HubSpot: ["hubspot crm", "hub spot"],
  "Google Workspace": ["g suite", "gsuite", "google apps"],
  "Microsoft 365": ["office 365", "o365", "m365", "microsoft office 365"],
  "Google Analytics": ["ga", "ga4", "universal analytics"],
  AWS: ["amazon web services"],
  "Google Cloud": ["gcp", "google cloud platform"],
  Azure: ["microsoft azure"],
  Slack: [],
  Zoom: ["zoom video", "zoom us"],
  Jira: ["atlassian jira"],
  NetSuite: ["oracle netsuite"],
  QuickBooks: ["quickbooks online", "qbo"],
  Zendesk: [],
  Intercom: [],
  Marketo: ["adobe marketo"],
  Snowflake: [],
  Okta: [],
  Workday: [],
  Stripe: [],
  Shopify: [],
  Pipedrive: [],
  Gong: ["gong io"],
  Outreach: ["outreach io"],
  Segment: ["twilio segment"],
  "Microsoft Dynamics": ["dynamics 365", "ms dynamics", "dynamics crm"],
};

const CANON = new Map<string, string>();
for (const [name, aliases] of Object.entries(KNOWN)) {
  CANON.set(lookupKey(name), name);
  for (const a of aliases) CANON.set(lookupKey(a), name);
}

/** Split a tech cell into canonical item names, in order, without duplicates. */
export function techList(raw: RawValue): string[] {
  if (isMissing(raw)) return [];
  const cells = Array.isArray(raw) ? raw.map((v) => String(v ?? "")) : [String(raw)];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const cell of cells) {
    for (const part of cell.split(LIST_SEPARATOR)) {
      const t = trimWs(part);
      if (t === "") continue;
      const k = lookupKey(t);
      const name = CANON.get(k) ?? t;
      const key = lookupKey(name);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(name);
    }
  }
  return out;
}
