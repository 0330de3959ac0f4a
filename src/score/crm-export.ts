/**
 * Scores back into the CRM: an import-ready file per CRM from a scored table. Each file holds the
 * record's identifier and the score, tier, state and reasons as the properties (HubSpot) or custom
 * fields (Salesforce) a user creates once — docs/crm-import.md walks through it. The rules each
 * importer documents are kept here and checked by the tests:
 *
 * HubSpot (Import → Companies, "update existing records"): UTF-8 CSV with a header row; a
 * company is matched by "Record ID" or else by "Company Domain Name"; numbers without thousands
 * separators and with a "." decimal; dropdown values must equal an option; dates as YYYY-MM-DD;
 * a multi-line text value holds at most 65,536 characters; at most 1,048,576 rows per file. An
 * empty cell does not change a property, so the state column always has a value.
 *
 * Salesforce (Data Loader → Update, or the Data Import Wizard): UTF-8 CSV; records matched by
 * "Id" (18 characters; 15-character ids are extended with their case checksum); field API names as
 * headers (ICP_Score__c …); dates as YYYY-MM-DD; a Long Text Area of 32,768 characters, a Text of
 * 255; "#N/A" sets a field to empty (Data Loader), so a row that is no longer scored clears its score
 * and tier instead of keeping the old ones.
 */
import { createReadStream, createWriteStream } from "node:fs";
import Papa from "papaparse";
import { mapEntityColumns } from "../data/entities.js";
import { registrableDomain } from "../data/normalise/domain.js";
import { salesforceChecksum, salesforceId15 } from "../data/normalise/ids.js";
import { isMissing, trimWs } from "../engine/values.js";
import { csvCell } from "../io/csv-cell.js";
import { InputError } from "../io/formats.js";
import { bindField, columnKey, STANDARD_FIELDS } from "../profile/fields.js";

export type CrmTarget = "hubspot" | "salesforce";
export const CRM_TARGETS: readonly CrmTarget[] = ["hubspot", "salesforce"];

export const HUBSPOT_LIMITS = { rows: 1_048_576, multiLineText: 65_536, text: 65_536 } as const;
export const SALESFORCE_LIMITS = { longText: 32_768, text: 255 } as const;

/** The header of each CRM's import file (identifier first). */
export const CRM_HEADERS: Readonly<Record<CrmTarget, { id: readonly string[]; fields: readonly string[] }>> =
  {
    hubspot: {
      id: ["Record ID", "Company Domain Name"],
      fields: ["ICP Score", "ICP Tier", "ICP Fit", "ICP Reasons", "ICP Profile", "ICP Scored On"],
    },
    salesforce: {
      id: ["Id"],
      fields: [
        "ICP_Score__c",
        "ICP_Tier__c",
        "ICP_State__c",
        "ICP_Reasons__c",
        "ICP_Profile__c",
        "ICP_Scored_On__c",
      ],
    },
  };

/** The values of the state property/picklist as each CRM's option labels. */
export const STATE_LABELS: Readonly<Record<string, string>> = {
  scored: "Scored",
  insufficient_data: "Insufficient data",
  disqualified: "Disqualified",
};

const HUBSPOT_ID_COLUMNS = ["record id", "hs_object_id", "company id", "companyid", "hubspot company id"];
const SALESFORCE_ID_COLUMNS = [
  "id",
  "account id",
  "accountid",
  "account id (18)",
  "account id 18",
  "sfdc id",
  "salesforce id",
];

function findColumn(columns: readonly string[], names: readonly string[]): string | undefined {
  const byKey = new Map(columns.map((c) => [columnKey(c), c]));
  for (const n of names) {
    const hit = byKey.get(columnKey(n));
    if (hit) return hit;
  }
  return undefined;
}

/** A Salesforce id in its 18-character form, or null when the cell is not one. */
export function salesforceId18(s: string): string | null {
  const id15 = salesforceId15(s);
  return id15 === null ? null : id15 + salesforceChecksum(id15);
}

const truncate = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

export interface CrmExportResult {
  rows: number;
  /** Rows left out, with why (no identifier). */
  skipped: Array<{ row: number; reason: string }>;
  identifier: string;
  header: string[];
}

/**
 * Write `output` for `target` from a scored CSV (`icp score`'s output with one profile). A row
 * without an identifier cannot be imported and is reported, not written.
 */
export async function writeCrmImport(
  scoredCsv: string,
  output: string,
  target: CrmTarget,
  asOf: string,
): Promise<CrmExportResult> {
  const first = await new Promise<string[]>((resolve, reject) => {
    Papa.parse<string[]>(createReadStream(scoredCsv, { encoding: "utf8" }), {
      preview: 1,
      complete: (r) => resolve(r.data[0] ?? []),
      error: reject,
    });
  });
  const need = ["icp_score", "icp_tier", "icp_state", "icp_reasons", "icp_profile", "icp_profile_version"];
  const missing = need.filter((c) => !first.includes(c));
  if (missing.length)
    throw new InputError(
      `--for ${target} writes one profile's results; the scored table has no ${missing.join(", ")}`,
      {
        hint: "score with one profile (-p profile.yaml) when writing a CRM import file",
      },
    );
  const inputColumns = first.filter((c) => !c.startsWith("icp_"));
  let idColumn: string | undefined;
  let domainColumn: string | undefined;
  if (target === "hubspot") {
    idColumn = findColumn(inputColumns, HUBSPOT_ID_COLUMNS);
    const domainField = STANDARD_FIELDS.find((f) => f.name === "domain");
    domainColumn = domainField ? bindField(domainField, inputColumns)?.column : undefined;
    if (!idColumn && !domainColumn)
      throw new InputError(
        "HubSpot matches companies by Record ID or Company Domain Name; the table has neither",
        {
          hint: `export the companies from HubSpot with the "Record ID" column, or keep a website/domain column; columns: ${inputColumns.join(", ")}`,
        },
      );
  } else {
    idColumn =
      findColumn(inputColumns, SALESFORCE_ID_COLUMNS) ??
      mapEntityColumns("accounts", inputColumns).find((m) => m.field === "id")?.column;
    if (!idColumn)
      throw new InputError("Salesforce updates records by their Id; the table has no Id column", {
        hint: `export the accounts with their Account ID (Id); columns: ${inputColumns.join(", ")}`,
      });
  }
  const header =
    target === "hubspot"
      ? [idColumn ? "Record ID" : "Company Domain Name", ...CRM_HEADERS.hubspot.fields]
      : ["Id", ...CRM_HEADERS.salesforce.fields];
  const out = createWriteStream(output, { encoding: "utf8" });
  // cells that a spreadsheet would run as formulas are neutralised; the id and "#N/A" are written as they are
  const writeLine = (cells: string[], neutral: (i: number) => boolean) =>
    out.write(`${cells.map((c, i) => csvCell(c, neutral(i))).join(",")}\r\n`);
  writeLine(header, () => true);
  let rows = 0;
  let n = 0;
  const skipped: CrmExportResult["skipped"] = [];
  await new Promise<void>((resolve, reject) => {
    Papa.parse<Record<string, string>>(createReadStream(scoredCsv, { encoding: "utf8" }), {
      header: true,
      skipEmptyLines: true,
      step: (r) => {
        n++;
        const row = r.data;
        const state = row["icp_state"] ?? "";
        const score = row["icp_score"] ?? "";
        const tier = row["icp_tier"] ?? "";
        const reasons = (row["icp_reasons"] ?? "").split("; ").join("\n");
        const profile = `${row["icp_profile"] ?? ""} ${row["icp_profile_version"] ?? ""}`.trim();
        const scoredOn = asOf;
        let id: string | null = null;
        if (target === "hubspot") {
          const raw = idColumn ? row[idColumn] : undefined;
          if (idColumn && raw !== undefined && !isMissing(raw)) id = trimWs(raw).replace(/\.0+$/, "");
          else if (!idColumn && domainColumn) id = registrableDomain(row[domainColumn] ?? null);
        } else {
          const raw = idColumn ? row[idColumn] : undefined;
          id = raw !== undefined && !isMissing(raw) ? salesforceId18(trimWs(raw)) : null;
        }
        if (id === null) {
          skipped.push({
            row: n,
            reason:
              target === "hubspot"
                ? `no ${idColumn ? JSON.stringify(idColumn) : "domain"} to match a HubSpot company by`
                : `${JSON.stringify(row[idColumn ?? ""] ?? "")} is not a Salesforce id`,
          });
          return;
        }
        const cells =
          target === "hubspot"
            ? [
                id,
                score,
                tier,
                STATE_LABELS[state] ?? state,
                truncate(reasons, HUBSPOT_LIMITS.multiLineText),
                truncate(profile, HUBSPOT_LIMITS.text),
                scoredOn,
              ]
            : [
                id,
                score === "" ? "#N/A" : score,
                tier === "" ? "#N/A" : tier,
                STATE_LABELS[state] ?? state,
                truncate(reasons, SALESFORCE_LIMITS.longText),
                truncate(profile, SALESFORCE_LIMITS.text),
                scoredOn,
              ];
        writeLine(cells, (i) => i > 0 && cells[i] !== "#N/A");
        rows++;
      },
      complete: () => resolve(),
      error: reject,
    });
  });
  await new Promise<void>((resolve, reject) => {
    out.on("error", reject);
    out.end(() => resolve());
  });
  if (target === "hubspot" && rows > HUBSPOT_LIMITS.rows - 1)
    throw new InputError(`${rows} rows: HubSpot imports at most ${HUBSPOT_LIMITS.rows - 1} rows per file`, {
      file: output,
      hint: "split the input and score each part",
    });
  return { rows, skipped, identifier: header[0] ?? "", header };
}
