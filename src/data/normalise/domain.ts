/**
 * Registrable domains from URLs, host names and e-mail addresses, by the public suffix list (tldts):
 * `https://www.Example.co.uk/about` → `example.co.uk`, `jane@sales.acme.com` → `acme.com`.
 */
import { getDomain } from "tldts";
import { isMissing, type RawValue, trimWs } from "../../engine/values.js";

/** Consumer mailbox providers: an address there says nothing about the employer. */
export const FREE_MAIL: ReadonlySet<string> = new Set([
  "gmail.com",
  "googlemail.com",
  "yahoo.com",
  "yahoo.co.uk",
  "yahoo.fr",
  "ymail.com",
  "hotmail.com",
  "hotmail.co.uk",
  "hotmail.fr",
  "outlook.com",
  "live.com",
  "msn.com",
  "icloud.com",
  "me.com",
  "mac.com",
  "aol.com",
  "gmx.de",
  "gmx.net",
  "web.de",
  "t-online.de",
  "protonmail.com",
  "proton.me",
  "yandex.ru",
  "mail.ru",
  "qq.com",
  "163.com",
  "126.com",
  "orange.fr",
  "free.fr",
  "laposte.net",
  "libero.it",
  "zoho.com",
  "fastmail.com",
  "hey.com",
]);

/**
 * The registrable domain of a URL, host or e-mail address, lower case; null when there is none.
 * Private suffixes count (`shop.myshopify.com`, `x.blogspot.com` are sites of their own, not one company).
 */
export function registrableDomain(raw: RawValue): string | null {
  if (isMissing(raw)) return null;
  let s = trimWs(String(raw)).toLowerCase();
  const at = s.lastIndexOf("@");
  if (at >= 0) s = s.slice(at + 1);
  s = s
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, "")
    .replace(/[/?#].*$/, "")
    .replace(/:\d+$/, "")
    .replace(/\.$/, "");
  if (!/^[\p{L}\p{N}.-]+$/u.test(s) || !s.includes(".")) return null;
  return getDomain(s, { allowPrivateDomains: true }) ?? null;
}

export function isFreeMail(domain: string): boolean {
  return FREE_MAIL.has(domain);
}

/** Scoring form of a domain column. */
export function normaliseDomain(raw: RawValue): string | null {
  return registrableDomain(raw);
}
