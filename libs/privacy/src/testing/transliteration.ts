/**
 * Transliterations as the documents people carry write them, used to build the labelled name pairs
 * (name-pairs.ts). Written from the published tables, independently of the matching code, so the
 * figures measure the matching rather than agree with it by construction.
 */

/** ICAO Doc 9303 as Russian passports use it since 2010: ё → E, й → I, ъ → IE, ю → IU, я → IA. */
// prettier-ignore
const ICAO: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'e', ж: 'zh', з: 'z', и: 'i', й: 'i', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: 'ie', ы: 'y', ь: '', э: 'e', ю: 'iu', я: 'ia',
};

/** BGN/PCGN (older passports and press): е → ye at a word's start and after vowels, ё → yo. */
// prettier-ignore
const BGN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'zh', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'ts',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'yu', я: 'ya',
};

/** The Soviet-era scheme of older passports and registers: й → j, ё → jo, ю → ju, я → ja, х → kh. */
// prettier-ignore
const SOVIET: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'jo', ж: 'zh', з: 'z', и: 'i', й: 'j', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'kh', ц: 'c',
  ч: 'ch', ш: 'sh', щ: 'shch', ъ: '', ы: 'y', ь: '', э: 'e', ю: 'ju', я: 'ja',
};

/** Uzbek Latin (1995 alphabet) from Uzbek Cyrillic: х → x, ў → oʻ, ғ → gʻ, қ → q, ҳ → h. */
// prettier-ignore
const UZBEK: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', е: 'e', ё: 'yo', ж: 'j', з: 'z', и: 'i', й: 'y', к: 'k',
  л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', х: 'x', ц: 's',
  ч: 'ch', ш: 'sh', ъ: 'ʼ', ь: '', э: 'e', ю: 'yu', я: 'ya', ў: 'oʻ', қ: 'q', ғ: 'gʻ', ҳ: 'h',
};

const VOWELS = new Set([...'аеёиоуыэюяўӯӣ']);

function transliterate(name: string, table: Readonly<Record<string, string>>, ye = false): string {
  return name
    .split(/(\s+)/)
    .map((word) => {
      let out = '';
      [...word].forEach((ch, i) => {
        const lower = ch.toLowerCase();
        const prev = word[i - 1]?.toLowerCase();
        let latin = table[lower] ?? ch;
        if (ye && lower === 'е' && (i === 0 || (prev && (VOWELS.has(prev) || 'йъь'.includes(prev)))))
          latin = 'ye';
        if (table === UZBEK && lower === 'е' && i === 0) latin = 'ye';
        out += ch !== lower && latin.length > 0 ? latin[0].toUpperCase() + latin.slice(1) : latin;
      });
      return out;
    })
    .join('');
}

export const icao = (name: string) => transliterate(name, ICAO).toUpperCase();
export const bgn = (name: string) => transliterate(name, BGN, true);
export const soviet = (name: string) => transliterate(name, SOVIET);
export const uzbekLatin = (name: string) => transliterate(name, UZBEK);
