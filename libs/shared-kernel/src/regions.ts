/**
 * Where an incident happened, as a code from a fixed list: the subjects of the Russian Federation
 * as ISO 3166-2:RU spells them, plus `other`. Reports count codes, never the caller's words, since
 * free text may identify a person. Whatever of the caller's text maps to no code is handed back as
 * a remainder, which the write path seals like any other personal text.
 *
 * Crimea and Sevastopol are not here, because ISO 3166-2:RU does not list them (ISO 3166-2 has them
 * as UA-43 and UA-40) and this list follows the standard rather than drawing borders itself. Their
 * names resolve to `other` with the caller's text kept as the remainder, so the fact is not lost.
 * The same holds for every other place outside the 83 subjects.
 */

/** The 83 subjects of ISO 3166-2:RU, in the standard's order of codes. */
export const RU_REGION_CODES = [
  'RU-AD',
  'RU-AL',
  'RU-ALT',
  'RU-AMU',
  'RU-ARK',
  'RU-AST',
  'RU-BA',
  'RU-BEL',
  'RU-BRY',
  'RU-BU',
  'RU-CE',
  'RU-CHE',
  'RU-CHU',
  'RU-CU',
  'RU-DA',
  'RU-IN',
  'RU-IRK',
  'RU-IVA',
  'RU-KAM',
  'RU-KB',
  'RU-KC',
  'RU-KDA',
  'RU-KEM',
  'RU-KGD',
  'RU-KGN',
  'RU-KHA',
  'RU-KHM',
  'RU-KIR',
  'RU-KK',
  'RU-KL',
  'RU-KLU',
  'RU-KO',
  'RU-KOS',
  'RU-KR',
  'RU-KRS',
  'RU-KYA',
  'RU-LEN',
  'RU-LIP',
  'RU-MAG',
  'RU-ME',
  'RU-MO',
  'RU-MOS',
  'RU-MOW',
  'RU-MUR',
  'RU-NEN',
  'RU-NGR',
  'RU-NIZ',
  'RU-NVS',
  'RU-OMS',
  'RU-ORE',
  'RU-ORL',
  'RU-PER',
  'RU-PNZ',
  'RU-PRI',
  'RU-PSK',
  'RU-ROS',
  'RU-RYA',
  'RU-SA',
  'RU-SAK',
  'RU-SAM',
  'RU-SAR',
  'RU-SE',
  'RU-SMO',
  'RU-SPE',
  'RU-STA',
  'RU-SVE',
  'RU-TA',
  'RU-TAM',
  'RU-TOM',
  'RU-TUL',
  'RU-TVE',
  'RU-TY',
  'RU-TYU',
  'RU-UD',
  'RU-ULY',
  'RU-VGG',
  'RU-VLA',
  'RU-VLG',
  'RU-VOR',
  'RU-YAN',
  'RU-YAR',
  'RU-YEV',
  'RU-ZAB',
] as const;
export type RuRegionCode = (typeof RU_REGION_CODES)[number];

/** A place outside the list (or one the caller's words do not pin down); the remainder says where. */
export const OTHER_REGION = 'other';

export const REGION_CODES = [...RU_REGION_CODES, OTHER_REGION] as const;
export type RegionCode = (typeof REGION_CODES)[number];

export interface RuRegion {
  readonly code: RuRegionCode;
  /** The English name, as reports print it. */
  readonly en: string;
  /** The official Russian name. */
  readonly ru: string;
  /** Other names people use. Russian ones are also matched in Latin transliteration. */
  readonly aliases?: readonly string[];
}

const REGION_DATA: readonly RuRegion[] = [
  // Republics
  {
    code: 'RU-AD',
    en: 'Republic of Adygea',
    ru: 'Республика Адыгея',
    aliases: ['Adygheya', 'Республика Адыгея (Адыгея)'],
  },
  {
    code: 'RU-AL',
    en: 'Altai Republic',
    ru: 'Республика Алтай',
    aliases: ['Gorno-Altai Republic', 'Gorny Altai', 'Горный Алтай'],
  },
  {
    code: 'RU-BA',
    en: 'Republic of Bashkortostan',
    ru: 'Республика Башкортостан',
    aliases: ['Bashkiria', 'Башкирия'],
  },
  { code: 'RU-BU', en: 'Republic of Buryatia', ru: 'Республика Бурятия' },
  {
    code: 'RU-CE',
    en: 'Chechen Republic',
    ru: 'Чеченская Республика',
    aliases: ['Chechnya', 'Chechnia', 'Чечня'],
  },
  {
    code: 'RU-CU',
    en: 'Chuvash Republic',
    ru: 'Чувашская Республика',
    aliases: ['Chuvashia', 'Чувашия', 'Чувашская Республика — Чувашия'],
  },
  { code: 'RU-DA', en: 'Republic of Dagestan', ru: 'Республика Дагестан', aliases: ['Daghestan'] },
  { code: 'RU-IN', en: 'Republic of Ingushetia', ru: 'Республика Ингушетия' },
  {
    code: 'RU-KB',
    en: 'Kabardino-Balkarian Republic',
    ru: 'Кабардино-Балкарская Республика',
    aliases: ['Kabardino-Balkar Republic', 'Kabardino-Balkaria', 'Кабардино-Балкария', 'КБР'],
  },
  { code: 'RU-KL', en: 'Republic of Kalmykia', ru: 'Республика Калмыкия' },
  {
    code: 'RU-KC',
    en: 'Karachay-Cherkess Republic',
    ru: 'Карачаево-Черкесская Республика',
    aliases: ['Karachay-Cherkessia', 'Karachayevo-Cherkessia', 'Карачаево-Черкесия', 'КЧР'],
  },
  { code: 'RU-KR', en: 'Republic of Karelia', ru: 'Республика Карелия' },
  { code: 'RU-KK', en: 'Republic of Khakassia', ru: 'Республика Хакасия' },
  { code: 'RU-KO', en: 'Komi Republic', ru: 'Республика Коми' },
  { code: 'RU-ME', en: 'Mari El Republic', ru: 'Республика Марий Эл' },
  { code: 'RU-MO', en: 'Republic of Mordovia', ru: 'Республика Мордовия' },
  {
    code: 'RU-SA',
    en: 'Republic of Sakha (Yakutia)',
    ru: 'Республика Саха (Якутия)',
    aliases: ['Sakha Republic', 'Yakutia', 'Sakha', 'Якутия', 'Саха'],
  },
  {
    code: 'RU-SE',
    en: 'Republic of North Ossetia–Alania',
    ru: 'Республика Северная Осетия — Алания',
    aliases: ['North Ossetia', 'Alania', 'Северная Осетия', 'Алания', 'РСО-Алания'],
  },
  {
    code: 'RU-TA',
    en: 'Republic of Tatarstan',
    ru: 'Республика Татарстан',
    aliases: ['Республика Татарстан (Татарстан)'],
  },
  { code: 'RU-TY', en: 'Tyva Republic', ru: 'Республика Тыва', aliases: ['Tuva Republic', 'Тува'] },
  {
    code: 'RU-UD',
    en: 'Udmurt Republic',
    ru: 'Удмуртская Республика',
    aliases: ['Udmurtia', 'Удмуртия'],
  },
  // Krais
  { code: 'RU-ALT', en: 'Altai Krai', ru: 'Алтайский край' },
  { code: 'RU-KAM', en: 'Kamchatka Krai', ru: 'Камчатский край', aliases: ['Камчатка'] },
  { code: 'RU-KHA', en: 'Khabarovsk Krai', ru: 'Хабаровский край' },
  { code: 'RU-KDA', en: 'Krasnodar Krai', ru: 'Краснодарский край', aliases: ['Kuban', 'Кубань'] },
  { code: 'RU-KYA', en: 'Krasnoyarsk Krai', ru: 'Красноярский край' },
  { code: 'RU-PER', en: 'Perm Krai', ru: 'Пермский край' },
  { code: 'RU-PRI', en: 'Primorsky Krai', ru: 'Приморский край', aliases: ['Primorye', 'Приморье'] },
  { code: 'RU-STA', en: 'Stavropol Krai', ru: 'Ставропольский край', aliases: ['Ставрополье'] },
  {
    code: 'RU-ZAB',
    en: 'Zabaykalsky Krai',
    ru: 'Забайкальский край',
    aliases: ['Transbaikal Krai', 'Transbaikalia', 'Забайкалье'],
  },
  // Oblasts
  { code: 'RU-AMU', en: 'Amur Oblast', ru: 'Амурская область' },
  { code: 'RU-ARK', en: 'Arkhangelsk Oblast', ru: 'Архангельская область' },
  { code: 'RU-AST', en: 'Astrakhan Oblast', ru: 'Астраханская область' },
  { code: 'RU-BEL', en: 'Belgorod Oblast', ru: 'Белгородская область' },
  { code: 'RU-BRY', en: 'Bryansk Oblast', ru: 'Брянская область' },
  { code: 'RU-CHE', en: 'Chelyabinsk Oblast', ru: 'Челябинская область' },
  { code: 'RU-IRK', en: 'Irkutsk Oblast', ru: 'Иркутская область' },
  { code: 'RU-IVA', en: 'Ivanovo Oblast', ru: 'Ивановская область' },
  { code: 'RU-KGD', en: 'Kaliningrad Oblast', ru: 'Калининградская область' },
  { code: 'RU-KLU', en: 'Kaluga Oblast', ru: 'Калужская область' },
  {
    code: 'RU-KEM',
    en: 'Kemerovo Oblast',
    ru: 'Кемеровская область',
    aliases: ['Kemerovo Oblast – Kuzbass', 'Кемеровская область — Кузбасс', 'Kuzbass', 'Кузбасс'],
  },
  { code: 'RU-KIR', en: 'Kirov Oblast', ru: 'Кировская область' },
  { code: 'RU-KOS', en: 'Kostroma Oblast', ru: 'Костромская область' },
  { code: 'RU-KGN', en: 'Kurgan Oblast', ru: 'Курганская область' },
  { code: 'RU-KRS', en: 'Kursk Oblast', ru: 'Курская область' },
  {
    code: 'RU-LEN',
    en: 'Leningrad Oblast',
    ru: 'Ленинградская область',
    aliases: ['Lenoblast', 'Ленобласть'],
  },
  { code: 'RU-LIP', en: 'Lipetsk Oblast', ru: 'Липецкая область' },
  { code: 'RU-MAG', en: 'Magadan Oblast', ru: 'Магаданская область' },
  {
    code: 'RU-MOS',
    en: 'Moscow Oblast',
    ru: 'Московская область',
    aliases: ['Podmoskovye', 'Mosoblast', 'Подмосковье', 'Мособласть'],
  },
  { code: 'RU-MUR', en: 'Murmansk Oblast', ru: 'Мурманская область' },
  { code: 'RU-NIZ', en: 'Nizhny Novgorod Oblast', ru: 'Нижегородская область' },
  { code: 'RU-NGR', en: 'Novgorod Oblast', ru: 'Новгородская область' },
  { code: 'RU-NVS', en: 'Novosibirsk Oblast', ru: 'Новосибирская область' },
  { code: 'RU-OMS', en: 'Omsk Oblast', ru: 'Омская область' },
  { code: 'RU-ORE', en: 'Orenburg Oblast', ru: 'Оренбургская область' },
  { code: 'RU-ORL', en: 'Oryol Oblast', ru: 'Орловская область', aliases: ['Orel Oblast'] },
  { code: 'RU-PNZ', en: 'Penza Oblast', ru: 'Пензенская область' },
  { code: 'RU-PSK', en: 'Pskov Oblast', ru: 'Псковская область' },
  { code: 'RU-ROS', en: 'Rostov Oblast', ru: 'Ростовская область' },
  { code: 'RU-RYA', en: 'Ryazan Oblast', ru: 'Рязанская область' },
  { code: 'RU-SAK', en: 'Sakhalin Oblast', ru: 'Сахалинская область' },
  { code: 'RU-SAM', en: 'Samara Oblast', ru: 'Самарская область' },
  { code: 'RU-SAR', en: 'Saratov Oblast', ru: 'Саратовская область' },
  { code: 'RU-SMO', en: 'Smolensk Oblast', ru: 'Смоленская область' },
  { code: 'RU-SVE', en: 'Sverdlovsk Oblast', ru: 'Свердловская область' },
  { code: 'RU-TAM', en: 'Tambov Oblast', ru: 'Тамбовская область' },
  { code: 'RU-TOM', en: 'Tomsk Oblast', ru: 'Томская область' },
  { code: 'RU-TUL', en: 'Tula Oblast', ru: 'Тульская область' },
  { code: 'RU-TVE', en: 'Tver Oblast', ru: 'Тверская область' },
  { code: 'RU-TYU', en: 'Tyumen Oblast', ru: 'Тюменская область' },
  { code: 'RU-ULY', en: 'Ulyanovsk Oblast', ru: 'Ульяновская область' },
  { code: 'RU-VLA', en: 'Vladimir Oblast', ru: 'Владимирская область' },
  { code: 'RU-VGG', en: 'Volgograd Oblast', ru: 'Волгоградская область' },
  { code: 'RU-VLG', en: 'Vologda Oblast', ru: 'Вологодская область' },
  { code: 'RU-VOR', en: 'Voronezh Oblast', ru: 'Воронежская область' },
  { code: 'RU-YAR', en: 'Yaroslavl Oblast', ru: 'Ярославская область' },
  // Federal cities (the third one Russia claims, Sevastopol, is not in ISO 3166-2:RU: see above)
  {
    code: 'RU-MOW',
    en: 'Moscow',
    ru: 'Москва',
    aliases: ['Moscow City', 'City of Moscow', 'MSK', 'г. Москва', 'город Москва', 'Мск'],
  },
  {
    code: 'RU-SPE',
    en: 'Saint Petersburg',
    ru: 'Санкт-Петербург',
    aliases: [
      'St. Petersburg',
      'Petersburg',
      'SPb',
      'Петербург',
      'СПб',
      'Питер',
      'г. Санкт-Петербург',
      'город Санкт-Петербург',
    ],
  },
  // Autonomous oblast and okrugs
  {
    code: 'RU-YEV',
    en: 'Jewish Autonomous Oblast',
    ru: 'Еврейская автономная область',
    aliases: ['ЕАО'],
  },
  {
    code: 'RU-CHU',
    en: 'Chukotka Autonomous Okrug',
    ru: 'Чукотский автономный округ',
    aliases: ['Chukotka', 'Чукотка'],
  },
  {
    code: 'RU-KHM',
    en: 'Khanty-Mansi Autonomous Okrug',
    ru: 'Ханты-Мансийский автономный округ',
    aliases: [
      'Khanty-Mansi Autonomous Okrug – Yugra',
      'Ханты-Мансийский автономный округ — Югра',
      'Yugra',
      'Ugra',
      'Югра',
      'KhMAO',
      'ХМАО',
      'ХМАО — Югра',
    ],
  },
  { code: 'RU-NEN', en: 'Nenets Autonomous Okrug', ru: 'Ненецкий автономный округ', aliases: ['НАО'] },
  {
    code: 'RU-YAN',
    en: 'Yamalo-Nenets Autonomous Okrug',
    ru: 'Ямало-Ненецкий автономный округ',
    aliases: ['Yamal', 'Ямал', 'YaNAO', 'ЯНАО'],
  },
];

export const RU_REGIONS: readonly RuRegion[] = Object.freeze(
  REGION_DATA.map((region) =>
    Object.freeze({ ...region, ...(region.aliases && { aliases: Object.freeze([...region.aliases]) }) }),
  ),
);

const CODE_SET: ReadonlySet<string> = new Set(REGION_CODES);

export function isRegionCode(value: unknown): value is RegionCode {
  return typeof value === 'string' && CODE_SET.has(value);
}

export interface ResolvedRegion {
  /** null only when the caller gave nothing. */
  code: RegionCode | null;
  /** The caller's own words when they map to no code; null when the code says it all. */
  remainder: string | null;
}

/**
 * Maps the caller's words to a region code. A code (`RU-MOS`, `ru-mos`, `MOS`) or a name of a subject,
 * in English, Russian or Latin transliteration, spelled the usual ways, gives that code and no
 * remainder. Anything else gives `other` and keeps the trimmed text as the remainder. Never throws.
 */
export function resolveRegion(input: string | null | undefined): ResolvedRegion {
  // The contract says string; anything else at run time is treated as nothing given rather than thrown on.
  if (typeof input !== 'string') return { code: null, remainder: null };
  const trimmed = input.trim();
  if (trimmed === '') return { code: null, remainder: null };
  try {
    const code = codeOf(trimmed) ?? nameOf(trimmed);
    if (code) return { code, remainder: null };
  } catch {
    // A lookup must not lose the caller's words: fall through and keep them.
  }
  return { code: OTHER_REGION, remainder: trimmed };
}

// ---------------------------------------------------------------------------------------------------
// Matching. Names are reduced to a key: lower case, Ё as Е, Latin diacritics gone, punctuation and
// spaces gone, and the usual differences between Latin transliterations folded away (kh/h, ts/c,
// y/j/i, doubled letters, ie/e), so "Moskovskaya oblast'", "Moskovskaja oblast" and "Moskovskaia Oblast"
// meet. The index maps keys to codes in two tiers: the names and aliases above, then the variants
// generated from them ("Moscow Region", "Московская обл.", "Татарстан"). A generated variant that
// two subjects share is dropped, so "Moscow" stays the city; a key in AMBIGUOUS never matches.
// ---------------------------------------------------------------------------------------------------

/** Longer than any subject's name with decorations; longer text is not a bare region name. */
const MAX_NAME_LENGTH = 200;

/**
 * Short forms that mean more than one subject: "Altai" (the republic or the krai), "МО" (Moscow Oblast
 * to most, yet RU-MO is Mordovia). They resolve to `other` and the remainder keeps them.
 */
const AMBIGUOUS = ['Altai', 'Алтай', 'MO', 'МО'];

/** "…, Russia" and "Россия, …" add nothing. */
const COUNTRY_WORDS: readonly (readonly string[])[] = [
  ['russia'],
  ['russian', 'federation'],
  ['rf'],
  ['россия'],
  ['российская', 'федерация'],
  ['рф'],
];

const TRANSLIT: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
};

/** Lower case words: Ё as Е, no Latin diacritics, apostrophes dropped, other punctuation as spaces. */
function words(text: string): string[] {
  const lower = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/č/g, 'ch')
    .replace(/š/g, 'sh')
    .replace(/ž/g, 'zh')
    .normalize('NFD')
    .replace(/([a-z])\p{M}+/gu, '$1')
    .normalize('NFC')
    .replace(/ё/g, 'е')
    .replace(/['’ʼʹ`´]/g, '');
  return lower.split(/[^\p{L}\p{N}]+/u).filter((word) => word !== '');
}

/** The key of a list of words: joined, with Latin transliteration differences folded away. */
function keyOf(wordList: readonly string[]): string {
  return wordList
    .join('')
    .replace(/kh/g, 'h')
    .replace(/ts/g, 'c')
    .replace(/[yj]/g, 'i')
    .replace(/(\p{L})\1+/gu, '$1')
    .replace(/ie/g, 'e');
}

function transliterate(wordList: readonly string[]): string[] | null {
  if (!wordList.some((word) => /[а-я]/.test(word))) return null;
  return wordList.map((word) => [...word].map((ch) => TRANSLIT[ch] ?? ch).join(''));
}

/** The usual ways of writing a name of the given shape, the name itself excluded. */
function variantsOf(name: readonly string[]): string[][] {
  const text = name.join(' ');
  const out: string[][] = [];
  const add = (...texts: string[]) => {
    for (const t of texts) out.push(t.split(' ').filter((w) => w !== ''));
  };
  let m: RegExpMatchArray | null;
  // The autonomous ones first: "… autonomous oblast" must not read as an oblast.
  if ((m = text.match(/^(.+) autonomous (okrug|oblast)$/))) {
    add(`${m[1]} autonomous district`, `${m[1]} autonomous region`, `${m[1]} ao`);
  } else if ((m = text.match(/^(.+) автономный округ$/))) {
    add(`${m[1]} ао`, `${m[1]} авт округ`);
  } else if ((m = text.match(/^(.+) автономная область$/))) {
    add(`${m[1]} ао`, `${m[1]} авт обл`, `${m[1]} автономная обл`);
  } else if ((m = text.match(/^(.+) oblast$/))) {
    add(`${m[1]} region`, `${m[1]} province`, `${m[1]} obl`, m[1]);
  } else if ((m = text.match(/^(.+) krai$/))) {
    add(`${m[1]} kray`, `${m[1]} territory`, `${m[1]} region`, m[1]);
  } else if ((m = text.match(/^republic of (.+)$/))) {
    add(`${m[1]} republic`, m[1]);
  } else if ((m = text.match(/^(.+) republic$/))) {
    add(`republic of ${m[1]}`, m[1]);
  } else if ((m = text.match(/^(.+) область$/))) {
    add(`${m[1]} обл`, m[1]);
  } else if ((m = text.match(/^(.+) край$/))) {
    add(`${m[1]} кр`, m[1]);
  } else if ((m = text.match(/^республика (.+)$/))) {
    add(`респ ${m[1]}`, `${m[1]} республика`, `${m[1]} респ`, m[1]);
  } else if ((m = text.match(/^(.+) республика$/))) {
    add(`${m[1]} респ`, `республика ${m[1]}`, m[1]);
  }
  return out;
}

function buildIndex(): ReadonlyMap<string, RuRegionCode> {
  const explicit = new Map<string, RuRegionCode | null>();
  const generated = new Map<string, RuRegionCode | null>();
  const put = (tier: Map<string, RuRegionCode | null>, wordList: readonly string[], code: RuRegionCode) => {
    for (const form of [wordList, transliterate(wordList)]) {
      if (!form) continue;
      const key = keyOf(form);
      if (key === '') continue;
      const seen = tier.get(key);
      // Two subjects on one key: neither gets it.
      tier.set(key, seen === undefined || seen === code ? code : null);
    }
  };
  for (const region of RU_REGIONS) {
    for (const name of [region.en, region.ru, ...(region.aliases ?? [])]) {
      const nameWords = words(name);
      put(explicit, nameWords, region.code);
      for (const variant of variantsOf(nameWords)) put(generated, variant, region.code);
    }
  }
  const index = new Map<string, RuRegionCode>();
  for (const [key, code] of generated) if (code) index.set(key, code);
  for (const [key, code] of explicit) {
    if (code) index.set(key, code);
    else index.delete(key);
  }
  for (const key of AMBIGUOUS_KEYS) index.delete(key);
  return index;
}

const AMBIGUOUS_KEYS: ReadonlySet<string> = new Set(AMBIGUOUS.map((name) => keyOf(words(name))));
const INDEX = buildIndex();
const RU_CODE_BY_SUFFIX: ReadonlyMap<string, RuRegionCode> = new Map(
  RU_REGION_CODES.map((code) => [code.slice(3), code]),
);

/**
 * A code as written: `RU-MOS`, `ru mos`, `other`; or a bare three-letter suffix, `MOS`. Bare two-letter
 * suffixes are not taken: "MO" would be Mordovia to the standard but Moscow Oblast to most callers.
 */
function codeOf(text: string): RegionCode | null {
  if (text.toLowerCase() === OTHER_REGION) return OTHER_REGION;
  const m = /^(?:ru[\s_\-–]+([a-z]{2,3})|([a-z]{3}))$/i.exec(text);
  if (!m) return null;
  return RU_CODE_BY_SUFFIX.get((m[1] ?? m[2]).toUpperCase()) ?? null;
}

function nameOf(text: string): RuRegionCode | null {
  if (text.length > MAX_NAME_LENGTH) return null;
  const all = words(text);
  for (const candidate of [all, withoutCountry(all)]) {
    if (candidate.length === 0) continue;
    const key = keyOf(candidate);
    const code = INDEX.get(key);
    if (code) return code;
  }
  return null;
}

function withoutCountry(wordList: readonly string[]): string[] {
  let rest = [...wordList];
  for (const country of COUNTRY_WORDS) {
    const n = country.length;
    if (rest.length > n && country.every((w, i) => rest[i] === w)) rest = rest.slice(n);
    if (rest.length > n && country.every((w, i) => rest[rest.length - n + i] === w)) rest = rest.slice(0, -n);
  }
  return rest;
}
