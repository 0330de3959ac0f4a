/**
 * The HTTP plumbing of `icp serve`, on node:http alone: a route table (method + path pattern),
 * bodies read with a size limit, JSON answers, and errors as the CLI's diagnostics in JSON.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { InputError } from "../io/formats.js";
import { ProfileError } from "../profile/diagnostics.js";
import { NotFound } from "../workspace/workspace.js";

export interface Request {
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  raw: IncomingMessage;
}

export type Handler = (req: Request, res: ServerResponse) => Promise<void> | void;

export interface Route {
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** e.g. `/api/profiles/{name}/versions` */
  path: string;
  handler: Handler;
  /** Public even when a token is required (the health check). */
  open?: boolean;
}

/** An error with an HTTP status and the fields of a diagnostic. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly detail: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

interface Compiled {
  route: Route;
  re: RegExp;
  names: string[];
}

export class Router {
  private readonly compiled: Compiled[];
  /** Routes without parameters, by "METHOD path" (no regex on the hot paths). */
  private readonly exact = new Map<string, Route>();
  constructor(readonly routes: readonly Route[]) {
    for (const r of routes) if (!r.path.includes("{")) this.exact.set(`${r.method} ${r.path}`, r);
    this.compiled = routes.map((route) => {
      const names: string[] = [];
      const pattern = route.path
        .split("/")
        .map((seg) => {
          const m = /^\{(\w+)\}$/.exec(seg);
          if (!m) return seg.replace(/[.*+?^$()|[\]\\{}]/g, "\\$&");
          names.push(m[1] as string);
          return "([^/]+)";
        })
        .join("/");
      const re = new RegExp(`^${pattern}$`);
      return { route, re, names };
    });
  }

  /** The route for a request, its path parameters, or why there is none (404 / 405). */
  match(method: string, path: string): { route: Route; params: Record<string, string> } | HttpError {
    const hit = this.exact.get(`${method} ${path}`);
    if (hit) return { route: hit, params: {} };
    let allowed: string[] = [];
    for (const c of this.compiled) {
      const m = c.re.exec(path);
      if (!m) continue;
      if (c.route.method !== method) {
        allowed.push(c.route.method);
        continue;
      }
      const params: Record<string, string> = {};
      c.names.forEach((n, i) => {
        params[n] = decodePath(m[i + 1] ?? "");
      });
      return { route: c.route, params };
    }
    allowed = [...new Set(allowed)];
    return allowed.length
      ? new HttpError(405, `${method} is not allowed on ${path}`, { hint: `allowed: ${allowed.join(", ")}` })
      : new HttpError(404, `no such endpoint: ${method} ${path}`, { hint: "see /openapi.json" });
  }
}

/** A percent-encoded path segment; a malformed one ("%E0%A4%A") is the client's error (400). */
export function decodePath(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    throw new HttpError(400, `the path is not valid percent-encoding: ${JSON.stringify(s)}`, {
      hint: "encode names with encodeURIComponent",
    });
  }
}

/** The request body as a Buffer, refused past `limit` bytes (413). */
export async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) {
    req.resume();
    throw new HttpError(413, `body of ${declared} bytes exceeds the limit of ${limit}`, {
      hint: "send less at a time, or raise the limit (icp serve --max-body)",
    });
  }
  // events rather than `for await`: this is the hot path of single-record scoring
  const chunks = await new Promise<Buffer[]>((ok, ko) => {
    const got: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        ko(
          new HttpError(413, `body exceeds the limit of ${limit} bytes`, {
            hint: "send less at a time, or raise the limit (icp serve --max-body)",
          }),
        );
        return;
      }
      got.push(chunk);
    });
    req.once("end", () => ok(got));
    req.once("error", ko);
  });
  return chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks);
}

/** The body parsed as a JSON object (400 with the parser's message when it is not). */
export async function readJson(req: IncomingMessage, limit: number): Promise<Record<string, unknown>> {
  // JSON only as JSON: a page elsewhere can post text/plain or a form without asking, not JSON
  const type = (req.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const body = await readBody(req, limit);
  if (body.length > 0 && type !== "application/json" && !type.endsWith("+json")) {
    throw new HttpError(
      415,
      `expected Content-Type: application/json, received ${JSON.stringify(type || "none")}`,
      {
        expected: "application/json",
        received: type || "none",
        hint: "send the body as JSON with Content-Type: application/json",
      },
    );
  }
  let v: unknown;
  try {
    v = JSON.parse(body.length ? body.toString("utf8") : "{}");
  } catch (e) {
    throw new HttpError(400, `the body is not JSON: ${(e as Error).message}`, {
      expected: "a JSON object",
      hint: "send Content-Type: application/json with a JSON object",
    });
  }
  if (v === null || typeof v !== "object" || Array.isArray(v))
    throw new HttpError(400, "the body is not a JSON object", {
      expected: "a JSON object",
      received: Array.isArray(v) ? "an array" : typeof v,
    });
  return v as Record<string, unknown>;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  res.end(text);
}

/** File paths of this machine in an answer shown as their last part: a client learns no directory layout. */
export function scrubPaths(text: string): string {
  return text.replace(LOCAL_PATH, (p) => p.slice(p.lastIndexOf("/") + 1));
}
/** Absolute paths under the roots where files live (not the API's own paths such as /api/runs/1). */
const LOCAL_PATH = /\/(?:tmp|home|Users|var|private|root|opt|mnt|srv|work|usr|data)\/[^\s'"),;]+/g;

function scrubbed(body: { error: Record<string, unknown> }): { error: Record<string, unknown> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(body.error)) out[k] = typeof v === "string" ? scrubPaths(v) : v;
  return { error: out };
}

/** Any error as the JSON a client reads: status, message, and the diagnostic's fields (no local paths). */
export function errorBody(e: unknown): { status: number; body: { error: Record<string, unknown> } } {
  const r = rawErrorBody(e);
  return { status: r.status, body: scrubbed(r.body) };
}

function rawErrorBody(e: unknown): { status: number; body: { error: Record<string, unknown> } } {
  if (e instanceof HttpError)
    return { status: e.status, body: { error: { message: e.message, ...e.detail } } };
  if (e instanceof ProfileError)
    return {
      status: 422,
      body: { error: { message: "the profile does not check", diagnostics: e.diagnostics } },
    };
  if (e instanceof InputError) return { status: 400, body: { error: { message: e.message, ...e.detail } } };
  if (e instanceof NotFound) return { status: 404, body: { error: { message: e.message } } };
  return {
    status: 500,
    body: { error: { message: `internal error: ${(e as Error)?.message ?? String(e)}` } },
  };
}

/** A required field of a JSON body, with a 400 naming it when it is missing or of the wrong type. */
export function field<T extends "string" | "number" | "object" | "boolean">(
  body: Record<string, unknown>,
  name: string,
  type: T,
  required: boolean,
):
  | (T extends "string"
      ? string
      : T extends "number"
        ? number
        : T extends "boolean"
          ? boolean
          : Record<string, unknown>)
  | undefined {
  const v = body[name];
  if (v === undefined || v === null) {
    if (required)
      throw new HttpError(400, `missing field ${JSON.stringify(name)}`, { field: name, expected: type });
    return undefined;
  }
  const ok = type === "object" ? typeof v === "object" && !Array.isArray(v) : typeof v === type;
  if (!ok)
    throw new HttpError(400, `field ${JSON.stringify(name)} is not a ${type}`, {
      field: name,
      expected: type,
      received: Array.isArray(v) ? "array" : typeof v,
    });
  return v as never;
}
