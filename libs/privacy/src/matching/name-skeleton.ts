/**
 * Phonetic skeletons of Central Asian names, so that one person written in Cyrillic (Russian,
 * Tajik, Uzbek, Kyrgyz) and in any of the usual Latin transliterations gives the same key.
 *
 * The skeletons feed a keyed blind index (see blind-index.ts): they are only ever HMAC'd, never
 * stored. A match only *suggests* a possible duplicate to a human, so the design errs towards
 * over-matching: a missed duplicate means one detainee gets two uncoordinated case files, a false
 * suggestion costs a lawyer one click.
 *
 * Pipeline for one word:
 *   1. NFC + lowercase, then Cyrillic → Latin letters (table below) before any diacritic stripping,
 *      because NFKD would turn й into и and ё into е and lose the glide.
 *   2. NFKD and drop combining marks (ö → o, é → e), keep a–z only (apostrophes of Uzbek oʻ/gʻ go).
 *   3. Fold Latin digraphs and variants into one phonetic alphabet (FOLDS).
 *   4. Fold each run of vowels into "a" (if it has any of a o u e), "i" (if it has i, y, ы) or
 *      "ai" (both): Tajik/Uzbek o ~ Russian а, Uzbek oʻ ~ u, Ahmed ~ Ahmad occur for one person;
 *      keeping "i" apart is what still separates Hasan from Husein and Alimov from Aliev.
 *   5. Collapse doubled letters (Abdullaev ~ Abdulaev, Farrukh ~ Farukh).
 */

/** Cyrillic → Latin, in the spelling that FOLDS expects (laid out as a grid to read as a table). */
// prettier-ignore
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'j', з: 'z', и: 'i', й: 'y',
  к: 'k', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f',
  х: 'h', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
  // Tajik
  ғ: 'g', ӣ: 'i', қ: 'k', ӯ: 'u', ҳ: 'h', ҷ: 'j',
  // Uzbek (ғ қ ҳ shared with Tajik)
  ў: 'u',
  // Kyrgyz and Kazakh: ң is written н in Russian documents and ng in Latin ones (folded below)
  ң: 'n', ө: 'o', ү: 'u', ә: 'a', і: 'i', ұ: 'u', һ: 'h', ҝ: 'k',
};

/** Latin letters whose NFKD decomposition would lose a sound (ş → s, ç → c), or that have none (ı). */
const LATIN_SPECIAL: Readonly<Record<string, string>> = { ş: 'sh', ç: 'ch', ı: 'i', ə: 'a', ø: 'o', ß: 'ss' };

/**
 * Ordered rewrites on the Latin form; order matters (dzh before zh, ch/sh before c → k).
 * č and š stand for the single sounds ch and sh so that "c", "s" and "h" rules cannot split them.
 */
const FOLDS: ReadonlyArray<readonly [RegExp, string]> = [
  [/shch/g, 'š'],
  // Джураев / Dzhuraev / Djuraev / Juraev. ж is j too, by decision: Жураев matches Джураев, because
  // Uzbek Cyrillic writes this sound ж (Жўраев is the Tajik Ҷӯраев) and Russian records follow it.
  [/dzh|dj|zh/g, 'j'],
  // Рахимов / Rakhimov / Rahimov / Raximov (Uzbek Latin x)
  [/kh|x/g, 'h'],
  // Ғафуров / Gafurov / Ghafurov, Қодиров / Qodirov / Kodirov
  [/gh/g, 'g'],
  [/ch/g, 'č'],
  [/sh/g, 'š'],
  [/q|c/g, 'k'],
  [/w/g, 'v'],
  [/ng/g, 'n'],
  // Word-initial glides: Iusupov / Iokubov (ICAO) → y…, then Ye → e (Евгений / Yevgeniy / Evgenii).
  [/^i(?=[aeou])/, 'y'],
  [/^ye/, 'e'],
  // Юсупов / Yusupov / Jusupov, Kyrgyz Жусупов: an initial y glide and j are one sound class.
  [/^y(?=[aeiou])/, 'j'],
  // Jurayev / Aliyev: the y of Russian е after a vowel is written or not; drop it.
  [/(?<=[aeiou])y(?=e)/g, ''],
  // Any other y is a vowel: Kyrgyzbaev (ы), Kaiumov ~ Kayumov, Husein ~ Huseyn.
  [/y/g, 'i'],
];

/** Words that only say "son of" / "daughter of" (Uzbek oʻgʻli/qizi, Kyrgyz uulu/kyzy, Kazakh uly). */
// prettier-ignore
const PARTICLES: ReadonlySet<string> = new Set([
  'ugli', 'ogli', 'ugly', 'ogly', 'oglu', 'uulu', 'uly', 'kizi', 'qizi', 'kyzy', 'kyzi', 'gizi', 'gyzy',
]);

/** Skeleton endings of Russian-style patronymics: -ovich/-evich, -ovna/-evna, -ichna. */
const PATRONYMIC = /(?:vič|vna|ična)$/;

/** Beyond this, extra words (rare) are ignored so that pair keys stay few. */
const MAX_WORDS = 6;

function toLatinLetters(word: string): string {
  let out = '';
  for (const ch of word.normalize('NFC').toLowerCase()) out += CYRILLIC[ch] ?? LATIN_SPECIAL[ch] ?? ch;
  return out
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[^a-z]/g, '');
}

function foldVowelRun(run: string): string {
  return (/[aeou]/.test(run) ? 'a' : '') + (run.includes('i') ? 'i' : '');
}

/** The phonetic skeleton of one word (no spaces), e.g. Ҷӯраев / Jurayev → "jarav". */
export function wordSkeleton(word: string): string {
  let s = toLatinLetters(word);
  for (const [pattern, replacement] of FOLDS) s = s.replace(pattern, replacement);
  return s.replace(/[aeiou]+/g, foldVowelRun).replace(/(.)\1+/g, '$1');
}

/**
 * A token: letters (with combining marks, Uzbek apostrophes and inner hyphens, so Абдул-Карим stays
 * one name) and an optional trailing dot that marks an abbreviation.
 */
const TOKEN = /[\p{L}\p{M}'ʻʼ‘’`´][\p{L}\p{M}'ʻʼ‘’`´-]*\.?/gu;

function isInitial(token: string): boolean {
  const letters = token.match(/\p{L}/gu)?.length ?? 0;
  // "Ф.", "R", and Latin digraph initials such as "Sh." or "Dzh."
  return letters <= 1 || (token.endsWith('.') && letters <= 3);
}

/**
 * Normalized keys of a full name; two spellings of one person share at least one key.
 *
 * Word order varies ("Surname Given", "Given Surname", with or without a patronymic), so the keys
 * are order-free: the sorted set of significant word skeletons, and when three or more words remain
 * (an unrecognized patronymic, the father's name before oʻgʻli/uulu, a double given name) also
 * every sorted pair of them, so "Rahimov Farrukh Rustam oʻgʻli" still meets "Farrukh Rahimov".
 * Initials and "son of" particles are dropped; a Russian-style patronymic is dropped while at least
 * two other words remain (so a surname like Абрамович in a two-word name is kept).
 * A lone word gives a one-word key; an empty or letterless name gives [].
 */
export function nameSkeletons(fullName: string): string[] {
  const tokens = (fullName.normalize('NFC').match(TOKEN) ?? []).filter((t) => !isInitial(t));
  const words = tokens
    .filter((t) => !PARTICLES.has(toLatinLetters(t)))
    .map(wordSkeleton)
    .filter((s) => s.length > 0);

  const withoutPatronymics = words.filter((w) => !PATRONYMIC.test(w));
  const kept = withoutPatronymics.length >= 2 ? withoutPatronymics : words;
  const unique = [...new Set(kept)].slice(0, MAX_WORDS);
  if (unique.length === 0) return [];

  const keys = [[...unique].sort().join(' ')];
  if (unique.length >= 3) {
    for (let i = 0; i < unique.length; i++) {
      for (let j = i + 1; j < unique.length; j++) keys.push([unique[i], unique[j]].sort().join(' '));
    }
  }
  return keys;
}
