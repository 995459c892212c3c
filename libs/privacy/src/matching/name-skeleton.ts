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
  // Юсупов / Юсуфзода, Латипов / Latifzoda: Russian records write п for the Tajik and Uzbek ф.
  [/p/g, 'f'],
  [/w/g, 'v'],
  [/ng/g, 'n'],
  // Йигит in a passport: ICAO writes the initial й as i, so "iigit" is "yigit".
  [/^ii/, 'yi'],
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
  return skeletonOf(toLatinLetters(word));
}

function skeletonOf(latin: string): string {
  let s = latin;
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

/** Words that only say "son of" / "daughter of" (Uzbek oʻgʻli/qizi, Kyrgyz uulu/kyzy, Kazakh uly). */
// prettier-ignore
const PARTICLES: ReadonlyMap<string, Gender> = new Map([
  ...['ugli', 'ogli', 'ugly', 'ogly', 'oglu', 'uulu', 'uly'].map((w) => [w, 'm'] as const),
  ...['kizi', 'qizi', 'kyzy', 'kyzi', 'gizi', 'gyzy'].map((w) => [w, 'f'] as const),
]);

type Gender = 'm' | 'f';

/** Skeleton endings of Russian-style patronymics: -ovich/-evich, -ovna/-evna, -ichna. */
const PATRONYMIC = /(?:vič|vna|ična)$/;

/** Beyond this, extra words (rare) are ignored so that pair keys stay few. */
const MAX_WORDS = 6;

/** Bounds the keys of one name: every variant of every word multiplies them. */
const MAX_CORES = 24;

/**
 * The keys of a full name for duplicate suggestions.
 * - `cores`: order-free keys of the name without its patronymic, first the plain one (the sorted
 *   skeletons of its words), then the variants: other spellings of a word (Ё written E, Ъ written
 *   IE, a Tajik surname form), two words written as one (Абдул Азиз / Абдулазиз), and for three or
 *   more words every pair of them (an unmarked father's name, a double given name).
 * - `patronymic`: the father's name when the name carries one (-ovich/-ovna, or the word before
 *   oʻgʻli/qizi/uulu/kyzy), as a skeleton stem, so Rustamovich and "Rustam oʻgʻli" agree. The blind
 *   index matches two names with patronymics only when these agree: two people with one name and
 *   different fathers, or a father and his son, are not suggested as one person.
 */
export interface NameKeys {
  cores: string[];
  patronymic: string | null;
}

export function nameKeys(fullName: string): NameKeys {
  const tokens = (fullName.normalize('NFC').match(TOKEN) ?? []).filter((t) => !isInitial(t));
  let words: string[] = [];
  let father: { index: number; gender: Gender } | null = null;
  for (const token of tokens) {
    const gender = PARTICLES.get(toLatinLetters(token));
    if (gender) {
      if (words.length > 0 && !father) father = { index: words.length - 1, gender };
    } else if (wordSkeleton(token).length > 0) words.push(token);
  }

  let patronymic: string | null = null;
  let surnameFromFather: { token: string; gender: Gender } | null = null;
  if (father && words.length >= 3) {
    // "Farrux Rustam oʻgʻli Rahimov": the father's name is a patronymic.
    patronymic = patronymicStem(wordSkeleton(words[father.index]));
    words = words.filter((_, i) => i !== father!.index);
  } else if (father) {
    // "Bakyt Asan uulu": with no surname beside it, "Asan uulu" is the surname (Asanov).
    surnameFromFather = { token: words[father.index], gender: father.gender };
  }
  const russianStyle = words.findIndex((w) => PATRONYMIC.test(wordSkeleton(w)));
  if (patronymic === null && russianStyle >= 0 && words.length >= 3) {
    patronymic = patronymicStem(wordSkeleton(words[russianStyle]));
    words = words.filter((_, i) => i !== russianStyle);
  }

  const unique = [...new Map(words.map((w) => [wordSkeleton(w), w])).values()].slice(0, MAX_WORDS);
  if (unique.length === 0) return { cores: [], patronymic };
  const variants = unique.map((w) => {
    const extra =
      surnameFromFather?.token === w ? [`${stemOf(wordSkeleton(w))}*${surnameFromFather.gender}`] : [];
    return [...new Set([...wordVariants(w), ...extra])];
  });

  const cores = new Set<string>(combinations(variants).map(orderFree));
  if (unique.length >= 3) {
    for (let i = 0; i < unique.length; i++) {
      for (let j = i + 1; j < unique.length; j++) cores.add(orderFree([variants[i][0], variants[j][0]]));
    }
  }
  // Two neighbouring given names written as one: Абдул Азиз Каримов / Абдулазиз Каримов. Only with
  // three words or more: joining a surname to a given name loses the boundary (Karimov|Aziz =
  // Karimova|Aziz once vowels fold).
  for (let i = 0; unique.length >= 3 && i + 1 < unique.length; i++) {
    const joined = wordSkeleton(unique[i] + unique[i + 1]);
    cores.add(orderFree([...variants.slice(0, i), [joined], ...variants.slice(i + 2)].map((v) => v[0])));
  }
  return { cores: [...cores].slice(0, MAX_CORES), patronymic };
}

/** The plain keys of a name (see nameKeys), without its patronymic. */
export function nameSkeletons(fullName: string): string[] {
  return nameKeys(fullName).cores;
}

function orderFree(skeletons: string[]): string {
  return [...new Set(skeletons)].sort().join(' ');
}

/**
 * Every choice of one variant per word, fewest departures from the plain spelling first, so the
 * bound keeps the likeliest ones.
 */
function combinations(variants: string[][]): string[][] {
  let all: Array<{ words: string[]; departures: number }> = [{ words: [], departures: 0 }];
  for (const options of variants) {
    all = all.flatMap((c) =>
      options.map((o, k) => ({ words: [...c.words, o], departures: c.departures + (k > 0 ? 1 : 0) })),
    );
  }
  return all
    .sort((a, b) => a.departures - b.departures)
    .slice(0, MAX_CORES)
    .map((c) => c.words);
}

/**
 * One word's skeleton and the other spellings a document may give the same word:
 * - Ё written E (ICAO passports: Ёдгор = EDGOR, Ильёс = ILES) beside YO (Uzbek Latin Yodgor);
 * - Ъ written IE (ICAO: Асъад = ASIEAD) beside nothing (Асад);
 * - a Russian-style surname's Tajik form: Каримов / Каримзода / Каримӣ / Набиён share the stem,
 *   marked with its gender so that a brother (-ов) and his sister (-ова) stay apart.
 */
function wordVariants(word: string): string[] {
  const latin = toLatinLetters(word);
  const out = [skeletonOf(latin)];
  if (latin.includes('yo')) out.push(skeletonOf(latin.replace(/yo/g, 'e')));
  // The Soviet-era scheme writes й and the glide of ё, я, ю as j: Ojbek, Iljos, Nijazov.
  const glides = latin.replace(/(?<=[a-z])(?<![dz])j/g, 'y');
  if (glides !== latin) out.push(...wordVariants(glides));
  if (/[^aeiouy]ie(?=[aeou])/.test(latin))
    out.push(skeletonOf(latin.replace(/([^aeiouy])ie(?=[aeou])/g, '$1')));
  const surname = surnameStem(latin);
  if (surname) for (const gender of surname.genders) out.push(`${surname.stem}*${gender}`);
  return [...new Set(out)];
}

/** Tajik forms of a surname: -ов/-ев (him), -ова/-ева (her), -зода, -ӣ, -ён (either). */
const SURNAME_ENDINGS: ReadonlyArray<readonly [RegExp, readonly Gender[]]> = [
  [/(?:ov|ev)$/, ['m']],
  [/(?:ova|eva)$/, ['f']],
  [/(?:zoda|zade|zada)$/, ['m', 'f']],
  [/(?:yon|ion)$/, ['m', 'f']],
  [/i$/, ['m', 'f']],
];

function surnameStem(latin: string): { stem: string; genders: readonly Gender[] } | null {
  for (const [ending, genders] of SURNAME_ENDINGS) {
    if (!ending.test(latin)) continue;
    const stem = stemOf(skeletonOf(latin.replace(ending, '')));
    return stem.length >= 3 ? { stem, genders } : null;
  }
  return null;
}

/** Набиев / Набиён / Набӣ: the stem's own final i (Nabi-) is the same sound as the ending's. */
function stemOf(skeleton: string): string {
  return skeleton.replace(/[ai]+$/, '');
}

/** Rustamovich, Rustamovna and Rustam (before oʻgʻli) → "rastam"; Khairulloevich → "hairal". */
function patronymicStem(skeleton: string): string {
  return stemOf(skeleton.replace(/[ai]*v(?:ič|na)$|ična$/, ''));
}
