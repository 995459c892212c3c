/**
 * Canonical forms of phone numbers, document numbers and dates of birth, so that the same value
 * typed by two intake workers (different formatting, different keyboard layout) gives one blind
 * index key. Pure functions; results are plaintext and must only be passed to the HMAC.
 */

/** Fewer digits than this cannot identify a subscriber in any of the countries concerned. */
const MIN_PHONE_DIGITS = 7;

/**
 * Digits only, in international form without "+": +7 916 123-45-67, 8 (916) 123-45-67 and
 * 79161234567 all give "79161234567".
 * - Russian trunk prefix: 11 digits starting with 8 → 7…
 * - 10 digits starting with 9 → 7…: how Russian mobiles are habitually written without the
 *   prefix; Tajik, Uzbek and Kyrgyz national numbers have 9 digits, so they are not caught.
 * - International call prefixes 00 and Russian 810 (when a full international number follows) dropped.
 * Returns null when fewer than 7 digits remain.
 */
export function normalizePhone(phone: string | null | undefined): string | null {
  if (phone == null) return null;
  let digits = phone.replace(/\D/g, '');
  if (digits.startsWith('00')) digits = digits.slice(2);
  else if (digits.startsWith('810') && digits.length > 11) digits = digits.slice(3);

  if (digits.length === 11 && digits.startsWith('8')) digits = `7${digits.slice(1)}`;
  else if (digits.length === 10 && digits.startsWith('9')) digits = `7${digits}`;
  return digits.length >= MIN_PHONE_DIGITS ? digits : null;
}

/** Cyrillic capitals that look like Latin ones, so a series typed on a Russian layout still matches. */
// prettier-ignore
const CYRILLIC_LOOKALIKES: Readonly<Record<string, string>> = {
  А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', Х: 'X', У: 'Y',
  // Same glyphs in Kazakh/Ukrainian layouts, and Ё typed for Е
  І: 'I', Ё: 'E',
};

/**
 * Uppercase, without whitespace, dashes, "№", "#", dots and slashes, Cyrillic look-alikes mapped to
 * Latin: "АВ № 12-34 567" and "ab1234567" give "AB1234567". Other characters are kept, so genuinely
 * different series do not collapse. Returns null when nothing remains.
 */
export function normalizePassport(passportNumber: string | null | undefined): string | null {
  if (passportNumber == null) return null;
  // № goes before NFKC, which would expand it to the letters "No".
  const compatible = passportNumber.replace(/№/g, '').normalize('NFKC').toUpperCase();
  let out = '';
  for (const ch of compatible) out += CYRILLIC_LOOKALIKES[ch] ?? ch;
  out = out.replace(/[\s\p{Pd}\u2212#./\\]/gu, '');
  return out.length > 0 ? out : null;
}

/**
 * A date of birth as YYYY-MM-DD from ISO (time part ignored) or the Russian DD.MM.YYYY,
 * DD/MM/YYYY or DD-MM-YYYY forms; null for anything else or an impossible date (31.02.1990),
 * so that a typo does not yield a key that can never match.
 */
export function normalizeDateOfBirth(dateOfBirth: string | null | undefined): string | null {
  if (dateOfBirth == null) return null;
  const s = dateOfBirth.trim();
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$/.exec(s);
  const ru = /^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$/.exec(s);
  const [year, month, day] = iso
    ? [Number(iso[1]), Number(iso[2]), Number(iso[3])]
    : ru
      ? [Number(ru[3]), Number(ru[2]), Number(ru[1])]
      : [NaN, NaN, NaN];
  if (!Number.isInteger(year)) return null;

  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC silently rolls 31.02 into March; a round trip rejects it.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    return null;
  }
  return date.toISOString().slice(0, 10);
}
