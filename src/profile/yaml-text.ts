/** YAML written by hand (drafts, scorecards, starters keep their comments): one scalar, one flow list. */
import { stringify } from "yaml";

/** A scalar on one line, quoted only when YAML needs it. */
export function yamlScalar(v: string | number): string {
  return stringify(v, { lineWidth: 0 }).trimEnd();
}

/** A scalar safe inside a flow collection: with flow indicators (commas, brackets, colons …) it is JSON-quoted. */
export function yamlFlowItem(x: string): string {
  return /[,[\]{}:#&*!|>'"%@`]|^\s|\s$|^$/.test(x) ? JSON.stringify(x) : yamlScalar(x);
}

/** `[a, "b, c"]`. */
export function yamlFlowList(xs: readonly string[]): string {
  return `[${xs.map(yamlFlowItem).join(", ")}]`;
}
