/** The related tables a score can take besides the accounts (file paths, as the CLI gives them). */
export interface RelatedFiles {
  events?: readonly string[];
  jobs?: readonly string[];
  contacts?: string;
}

export const hasRelated = (r: RelatedFiles) =>
  (r.events?.length ?? 0) + (r.jobs?.length ?? 0) > 0 || r.contacts !== undefined;
