/** File formats by extension. */
export type FileFormat = "csv" | "parquet" | "json" | "ndjson";
export const FILE_FORMATS: readonly FileFormat[] = ["csv", "parquet", "json", "ndjson"];

export function formatOf(path: string, explicit?: string): FileFormat {
  if (explicit) {
    if ((FILE_FORMATS as readonly string[]).includes(explicit)) return explicit as FileFormat;
    throw new InputError(`unknown format ${JSON.stringify(explicit)}`, {
      hint: `use one of ${FILE_FORMATS.join(", ")}`,
    });
  }
  const p = path.toLowerCase();
  if (p.endsWith(".parquet") || p.endsWith(".pq")) return "parquet";
  if (p.endsWith(".ndjson") || p.endsWith(".jsonl")) return "ndjson";
  if (p.endsWith(".json")) return "json";
  return "csv";
}

/** A problem with an input or output file: the message names the file, line and field where known. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly detail: { file?: string; line?: number; field?: string; hint?: string } = {},
  ) {
    super(message);
    this.name = "InputError";
  }
  render(): string {
    const where = [this.detail.file, this.detail.line].filter((x) => x !== undefined).join(":");
    return `${where ? `${where}  ` : ""}error  ${this.detail.field ? `${this.detail.field}: ` : ""}${this.message}${this.detail.hint ? `\n  hint: ${this.detail.hint}` : ""}`;
  }
}
