/**
 * Salesforce record ids: 15 characters, case-sensitive (report exports), or 18 with a 3-character
 * suffix that encodes the case of the first 15 (Data Loader, the API, Data Export). The same record
 * links under either form.
 */

const SUFFIX = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345";

/** The 3-character case checksum Salesforce appends to a 15-character id. */
export function salesforceChecksum(id15: string): string {
  let out = "";
  for (let chunk = 0; chunk < 3; chunk++) {
    let n = 0;
    for (let i = 0; i < 5; i++) {
      const c = id15.charCodeAt(chunk * 5 + i);
      if (c >= 65 && c <= 90) n |= 1 << i;
    }
    out += SUFFIX[n];
  }
  return out;
}

/**
 * The 15-character form of a Salesforce id: an 18-character id whose suffix is its checksum gives its
 * first 15 characters; a 15-character id is itself. Anything else is null (not a Salesforce id).
 */
export function salesforceId15(s: string): string | null {
  if (/^[a-zA-Z0-9]{18}$/.test(s)) {
    const head = s.slice(0, 15);
    return s.slice(15).toUpperCase() === salesforceChecksum(head) ? head : null;
  }
  if (/^[a-zA-Z0-9]{15}$/.test(s) && /[0-9]/.test(s) && /[a-zA-Z]/.test(s)) return s;
  return null;
}
