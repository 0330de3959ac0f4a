/** `icp serve` and `icp workspace …`: the workspace file, its API and web UI, from the terminal. */
import { readFileSync } from "node:fs";
import { ENTITIES, type Entity } from "../data/entities.js";
import { formatOf } from "../io/formats.js";
import { IcpServer, LOOPBACK } from "../server/api.js";
import { HttpError } from "../server/http.js";
import { Workspace } from "../workspace/workspace.js";
import { fail } from "./io.js";

interface ServeOpts {
  workspace: string;
  port: number;
  host: string;
  maxBody?: number;
  maxUpload?: number;
  asOf?: string;
  quiet?: boolean;
}

export async function commandServe(opts: ServeOpts): Promise<void> {
  const ws = await Workspace.open(opts.workspace);
  const server = new IcpServer(ws, {
    host: opts.host,
    port: opts.port,
    ...(opts.maxBody ? { maxBody: opts.maxBody } : {}),
    ...(opts.maxUpload ? { maxUpload: opts.maxUpload } : {}),
    ...(opts.asOf ? { asOf: opts.asOf } : {}),
    ...(opts.quiet ? {} : { log: (line: string) => process.stderr.write(`${line}\n`) }),
  });
  let where: { url: string };
  try {
    where = await server.listen();
  } catch (e) {
    ws.close();
    if (e instanceof HttpError)
      return fail(`${e.message}${e.detail["hint"] ? ` (${e.detail["hint"]})` : ""}`);
    throw e;
  }
  process.stderr.write(
    `icp serve: ${where.url}  (workspace ${opts.workspace}; API ${where.url}/openapi.json${LOOPBACK.has(opts.host) ? "" : "; bearer token required"})\n`,
  );
  const stop = async () => {
    await server.close();
    ws.close();
    process.exit(0);
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

interface WsOpts {
  workspace: string;
}

export async function commandWorkspaceImport(
  file: string,
  opts: WsOpts & { name?: string; entity?: string; inputFormat?: string },
): Promise<void> {
  const entity = opts.entity;
  if (entity !== undefined && !(ENTITIES as readonly string[]).includes(entity))
    return fail(`--entity ${JSON.stringify(entity)} is not one of ${ENTITIES.join(", ")}`);
  const ws = await Workspace.open(opts.workspace);
  try {
    const name = opts.name ?? file.replace(/^.*[/\\]/, "").replace(/\.[^.]+$/, "");
    const d = await ws.importDataset(name, file, {
      format: formatOf(file, opts.inputFormat),
      ...(entity ? { entity: entity as Entity } : {}),
    });
    process.stdout.write(
      `dataset ${d.name}: ${(d.rows + d.rejected).toLocaleString("en-US")} rows in = ${d.rows.toLocaleString("en-US")} imported + ${d.rejected} rejected\n`,
    );
    for (const r of d.rejects.slice(0, 5)) process.stdout.write(`  line ${r.line}: ${r.reason}\n`);
  } finally {
    ws.close();
  }
}

export async function commandWorkspaceSave(
  file: string,
  opts: WsOpts & { message?: string; author?: string },
): Promise<void> {
  const ws = await Workspace.open(opts.workspace);
  try {
    const v = await ws.saveProfile(readFileSync(file, "utf8"), {
      author: opts.author ?? process.env.USER ?? "cli",
      message: opts.message ?? "",
    });
    process.stdout.write(`${v.name}: version ${v.version} (${v.hash})\n`);
  } finally {
    ws.close();
  }
}

export async function commandWorkspaceLog(name: string | undefined, opts: WsOpts): Promise<void> {
  const ws = await Workspace.open(opts.workspace);
  try {
    if (!name) {
      for (const p of await ws.profiles())
        process.stdout.write(`${p.name}  v${p.version}  ${p.hash}  ${p.createdAt}\n`);
      for (const d of await ws.datasets())
        process.stdout.write(
          `dataset ${d.name}: ${d.rows.toLocaleString("en-US")} rows (${d.entity}), ${d.rejected} rejected\n`,
        );
      return;
    }
    for (const v of await ws.history(name))
      process.stdout.write(`v${v.version}  ${v.hash}  ${v.createdAt}  ${v.author}  ${v.message}\n`);
  } finally {
    ws.close();
  }
}

export async function commandWorkspaceDiff(
  name: string,
  from: string,
  to: string,
  opts: WsOpts,
): Promise<void> {
  const ws = await Workspace.open(opts.workspace);
  try {
    process.stdout.write(await ws.diff(name, Number(from), Number(to)));
  } finally {
    ws.close();
  }
}

export async function commandWorkspaceRollback(
  name: string,
  version: string,
  opts: WsOpts & { author?: string; message?: string },
): Promise<void> {
  const ws = await Workspace.open(opts.workspace);
  try {
    const v = await ws.rollback(name, Number(version), {
      author: opts.author ?? process.env.USER ?? "cli",
      ...(opts.message ? { message: opts.message } : {}),
    });
    process.stdout.write(`${v.name}: version ${v.version} (${v.hash}) = the text of version ${version}\n`);
  } finally {
    ws.close();
  }
}

export async function commandWorkspaceToken(opts: WsOpts & { rotate?: boolean }): Promise<void> {
  const ws = await Workspace.open(opts.workspace);
  try {
    if ((await ws.hasToken()) && !opts.rotate)
      return fail("the workspace has a token already (only its hash is kept); pass --rotate to replace it");
    process.stdout.write(`${await ws.newToken()}\n`);
  } finally {
    ws.close();
  }
}
