/**
 * The OpenAPI 3.1 document of `icp serve`, served at /openapi.json and kept in the repo as
 * docs/openapi.json (`npm run openapi` rewrites it; a test holds both equal and every route
 * documented).
 */

type Schema = Record<string, unknown>;

const ref = (name: string): Schema => ({ $ref: `#/components/schemas/${name}` });
const jsonBody = (schema: Schema, description?: string) => ({
  required: true,
  ...(description ? { description } : {}),
  content: { "application/json": { schema } },
});
const ok = (description: string, schema: Schema = { type: "object" }) => ({
  description,
  content: { "application/json": { schema } },
});
const errors = {
  "400": { description: "bad input", content: { "application/json": { schema: ref("Error") } } },
  "401": {
    description: "API token missing or wrong (non-loopback binds)",
    content: { "application/json": { schema: ref("Error") } },
  },
  "404": { description: "not found", content: { "application/json": { schema: ref("Error") } } },
  "413": { description: "body too large", content: { "application/json": { schema: ref("Error") } } },
  "422": {
    description: "the profile does not check (diagnostics)",
    content: { "application/json": { schema: ref("Error") } },
  },
};
const pathParam = (name: string, type: "string" | "integer" = "string") => ({
  name,
  in: "path",
  required: true,
  schema: { type },
});
const queryParam = (name: string, description: string, type: "string" | "integer" = "string") => ({
  name,
  in: "query",
  required: false,
  description,
  schema: { type },
});

/** An operation answering a document (CSV, SVG, HTML) rather than JSON. */
const fileOp = (summary: string, parameters: unknown[], mime: string) => ({
  summary,
  parameters,
  responses: { "200": { description: mime, content: { [mime]: { schema: { type: "string" } } } }, ...errors },
});

const op = (summary: string, extra: Record<string, unknown> = {}) => ({
  summary,
  responses: { "200": ok("OK"), ...errors },
  ...extra,
});

export function openApiDocument(): Record<string, unknown> {
  return {
    openapi: "3.1.0",
    info: {
      title: "icpkit",
      version: "1",
      description:
        "The ICP engine behind an API: a workspace of datasets, versioned profiles, score runs and validations; single-record scoring and lead routing; a live funnel; validation and discovery as jobs. Binds 127.0.0.1 by default; any other bind requires the workspace's API token as a bearer token.",
    },
    components: {
      securitySchemes: { bearer: { type: "http", scheme: "bearer" } },
      schemas: {
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: {
              type: "object",
              required: ["message"],
              properties: {
                message: { type: "string" },
                field: { type: "string" },
                expected: { type: "string" },
                received: { type: "string" },
                hint: { type: "string" },
                file: { type: "string" },
                line: { type: "integer" },
                diagnostics: { type: "array", items: ref("Diagnostic") },
              },
            },
          },
        },
        Diagnostic: {
          type: "object",
          properties: {
            severity: { enum: ["error", "warning"] },
            code: { type: "string" },
            path: { type: "array", items: { type: ["string", "integer"] } },
            message: { type: "string" },
            expected: { type: "string" },
            received: { type: "string" },
            hint: { type: "string" },
            line: { type: "integer" },
            col: { type: "integer" },
          },
        },
        Record: { type: "object", additionalProperties: { type: ["string", "number", "boolean", "null"] } },
        Result: {
          type: "object",
          properties: {
            state: { enum: ["scored", "disqualified", "insufficient_data"] },
            score: { type: ["number", "null"] },
            tier: { type: ["string", "null"] },
            reasons: { type: "string" },
            route: { enum: ["ae", "nurture", "disqualify"] },
          },
        },
        ProfileVersion: {
          type: "object",
          properties: {
            name: { type: "string" },
            version: { type: "integer" },
            hash: { type: "string" },
            author: { type: "string" },
            message: { type: "string" },
            createdAt: { type: "string" },
            declaredVersion: { type: "string" },
          },
        },
        Funnel: {
          type: "object",
          description: "rows in, each hard filter's removals, insufficient data, rows per tier",
        },
        Job: {
          type: "object",
          properties: {
            id: { type: "string" },
            kind: { enum: ["validate", "discover", "seeds", "lookalike"] },
            state: { enum: ["queued", "running", "done", "failed"] },
            progress: {
              type: "object",
              properties: { stage: { type: "string" }, fraction: { type: "number" } },
            },
            result: { type: "object" },
            error: { type: "object" },
          },
        },
      },
    },
    security: [{ bearer: [] }, {}],
    paths: {
      "/openapi.json": { get: op("This document", { security: [] }) },
      "/api/health": { get: op("Liveness, and whether a token is required", { security: [] }) },
      "/api/check": {
        post: op(
          "Check a profile text (every diagnostic, with line and column); with a dataset, warnings against its data",
          {
            requestBody: jsonBody({
              type: "object",
              required: ["yaml"],
              properties: { yaml: { type: "string" }, dataset: { type: "string" } },
            }),
          },
        ),
      },
      "/api/profiles": {
        get: op("Profiles with their latest version"),
        post: op(
          "Save a profile text as its next version (refused with diagnostics when it does not check)",
          {
            requestBody: jsonBody({
              type: "object",
              required: ["yaml"],
              properties: {
                yaml: { type: "string" },
                author: { type: "string" },
                message: { type: "string" },
              },
            }),
            responses: { "201": ok("the version", ref("ProfileVersion")), ...errors },
          },
        ),
      },
      "/api/profiles/{name}": {
        get: op("A version's text and metadata (latest by default)", {
          parameters: [pathParam("name"), queryParam("version", "version number", "integer")],
        }),
      },
      "/api/profiles/{name}/versions": {
        get: op("Every version, newest first", { parameters: [pathParam("name")] }),
      },
      "/api/profiles/{name}/diff": {
        get: op("Unified diff between two versions", {
          parameters: [
            pathParam("name"),
            queryParam("from", "version", "integer"),
            queryParam("to", "version", "integer"),
          ],
        }),
      },
      "/api/profiles/{name}/rollback": {
        post: op("Roll back: a new version with an old version's text", {
          parameters: [pathParam("name")],
          requestBody: jsonBody({
            type: "object",
            required: ["version"],
            properties: {
              version: { type: "integer" },
              author: { type: "string" },
              message: { type: "string" },
            },
          }),
          responses: { "201": ok("the new version", ref("ProfileVersion")), ...errors },
        }),
      },
      "/api/datasets": { get: op("Imported datasets") },
      "/api/datasets/{name}": {
        get: op("A dataset: columns, mapping, rows, rejects (first 100)", {
          parameters: [pathParam("name")],
        }),
        post: op(
          "Import a file (streamed body) as this dataset, replacing it in one transaction; rows in = rows + rejected",
          {
            parameters: [
              pathParam("name"),
              queryParam("format", "csv (default), parquet, json or ndjson"),
              queryParam("entity", "accounts, deals, subscriptions, contacts or events (default: detected)"),
              queryParam("inspect", "false skips the per-column report"),
            ],
            requestBody: {
              required: true,
              content: {
                "text/csv": { schema: { type: "string" } },
                "application/octet-stream": { schema: { type: "string", format: "binary" } },
              },
            },
            responses: { "201": ok("the import report"), ...errors },
          },
        ),
      },
      "/api/datasets/{name}/rows": {
        get: op("Rows in input order", {
          parameters: [
            pathParam("name"),
            queryParam("offset", "first row (0-based)", "integer"),
            queryParam("limit", "at most 1000", "integer"),
          ],
        }),
      },
      "/api/funnel": {
        post: op(
          "The live funnel of a profile text over a dataset: counts per hard filter and per tier, with hints",
          {
            requestBody: jsonBody({
              type: "object",
              required: ["yaml", "dataset"],
              properties: {
                yaml: { type: "string" },
                dataset: { type: "string" },
                as_of: { type: "string" },
              },
            }),
          },
        ),
      },
      "/api/score": {
        post: op("Score one record or a batch with a saved profile (latest version unless given)", {
          requestBody: jsonBody({
            type: "object",
            required: ["profile"],
            properties: {
              profile: { type: "string" },
              version: { type: "integer" },
              as_of: { type: "string" },
              record: ref("Record"),
              records: { type: "array", items: ref("Record") },
            },
          }),
          responses: {
            "200": ok("the result(s), stamped with the profile version", ref("Result")),
            ...errors,
          },
        }),
      },
      "/api/leads": {
        post: op(
          "Inbound lead webhook: a plain JSON record or HubSpot's form-submission shape; answers tier, state, reasons and route",
          {
            parameters: [
              queryParam("profile", "profile name (required)"),
              queryParam("version", "version", "integer"),
              queryParam("as_of", "ISO date"),
            ],
            requestBody: jsonBody({
              oneOf: [
                ref("Record"),
                {
                  type: "object",
                  properties: {
                    fields: {
                      type: "array",
                      items: { type: "object", properties: { name: { type: "string" }, value: {} } },
                    },
                  },
                },
              ],
            }),
            responses: { "200": ok("the routed lead", ref("Result")), ...errors },
          },
        ),
      },
      "/api/runs": {
        get: op("Score runs, newest first"),
        post: op(
          'Score a dataset with a profile version inside the workspace; with related datasets, the derived fields are added first (as dataset "<dataset> + signals")',
          {
            requestBody: jsonBody({
              type: "object",
              required: ["dataset", "profile"],
              properties: {
                dataset: { type: "string" },
                profile: { type: "string" },
                version: { type: "integer" },
                as_of: { type: "string" },
                events: {
                  type: "array",
                  items: { type: "string" },
                  description: "event datasets (events.* and hiring.* fields)",
                },
                jobs: {
                  type: "array",
                  items: { type: "string" },
                  description: "job-posting datasets (hiring.* fields)",
                },
                contacts: { type: "string", description: "a contacts dataset (committee.* fields)" },
              },
            }),
            responses: { "201": ok("the run with its funnel"), ...errors },
          },
        ),
      },
      "/api/runs/{id}": {
        get: op("A run: its funnel and score distribution", { parameters: [pathParam("id", "integer")] }),
        delete: op("Delete a run: its results, and the rows it pinned when nothing else reads them", {
          parameters: [pathParam("id", "integer")],
        }),
      },
      "/api/runs/{id}/rows": {
        get: op("A run's accounts, best first, filtered", {
          parameters: [
            pathParam("id", "integer"),
            queryParam("tier", "tier name"),
            queryParam("state", "scored, disqualified or insufficient_data"),
            queryParam("q", "text search over every column"),
            queryParam("offset", "first row", "integer"),
            queryParam("limit", "at most 1000", "integer"),
          ],
        }),
      },
      "/api/runs/{id}/rows/{row}": {
        get: op(
          "One account: its score breakdown, and with ?contacts=<dataset> its contacts, personas and missing personas",
          {
            parameters: [
              pathParam("id", "integer"),
              pathParam("row", "integer"),
              queryParam("contacts", "a contacts dataset"),
            ],
          },
        ),
      },
      "/api/runs/{id}/export.csv": {
        get: fileOp(
          "The current view as CSV (formula cells neutralised)",
          [
            pathParam("id", "integer"),
            queryParam("tier", "tier name"),
            queryParam("state", "state"),
            queryParam("q", "text search"),
          ],
          "text/csv",
        ),
      },
      "/api/runs/{id}/chart.svg": {
        get: fileOp(
          "The run's score distribution by tier (SVG)",
          [pathParam("id", "integer")],
          "image/svg+xml",
        ),
      },
      "/api/jobs/{id}/report.html": {
        get: fileOp(
          "A finished job's report (validation or discovery) as HTML with charts",
          [pathParam("id")],
          "text/html",
        ),
      },
      "/api/validations/{id}/report.html": {
        get: fileOp(
          "A saved validation's report as HTML with charts",
          [pathParam("id", "integer")],
          "text/html",
        ),
      },
      "/api/jobs": {
        post: op("Start a validation, discovery, best-customers (seeds) or lookalike job over datasets", {
          requestBody: jsonBody({
            type: "object",
            required: ["kind"],
            description:
              "validate and discover need accounts (and deals or an outcome); seeds and lookalike need seeds (best customers: full rows, or domains / names) and universe (the companies to compare with or rank)",
            properties: {
              kind: { enum: ["validate", "discover", "seeds", "lookalike"] },
              seeds: { type: "string" },
              universe: { type: "string" },
              top: { type: "integer", minimum: 1 },
              name: { type: "string" },
              profile: { type: "string" },
              version: { type: "integer" },
              accounts: { type: "string" },
              deals: { type: "string" },
              subscriptions: { type: "string" },
              outcome: { type: "string" },
              best: { type: "string" },
              worst: { type: "string" },
              include: { type: "array", items: { type: "string" } },
              exclude: { type: "array", items: { type: "string" } },
              capacity: { type: "number" },
              as_of: { type: "string" },
            },
          }),
          responses: { "202": ok("the job", ref("Job")), ...errors },
        }),
      },
      "/api/jobs/{id}": { get: op("A job's state, progress and result", { parameters: [pathParam("id")] }) },
      "/api/validations": { get: op("Saved validation results") },
      "/api/validations/{id}": {
        get: op("One saved validation report", { parameters: [pathParam("id", "integer")] }),
      },
    },
  };
}
