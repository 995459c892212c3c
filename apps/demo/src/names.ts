import { Random } from './random';

/**
 * Synthetic Central Asian names: common given names and surnames built the way they are built
 * (a father's or grandfather's name + -ов/-ев, Tajik -зода, Kyrgyz -беков/-баев), combined at
 * random. No list of real people is used; any resemblance to a real person is a coincidence of
 * common names.
 *
 * The stems are many on purpose: with a few dozen surnames, thousands of appeals a week would
 * all be namesakes of each other and every appeal would carry possible duplicates.
 */

export type Nationality = 'TJ' | 'UZ' | 'KG';

// prettier-ignore
const STEMS: Readonly<Record<Nationality, readonly string[]>> = {
  TJ: [
    'Рахим', 'Карим', 'Шариф', 'Назар', 'Саид', 'Хасан', 'Мирзо', 'Сафар', 'Давлат', 'Юсуф', 'Рахмон',
    'Азим', 'Бобо', 'Курбон', 'Сангин', 'Исмоил', 'Гафур', 'Кодир', 'Мурод', 'Раджаб', 'Латиф', 'Нур',
    'Олим', 'Турсун', 'Хаким', 'Эмом', 'Ашур', 'Умар', 'Джура', 'Одина', 'Холик', 'Файзулло', 'Абдулло',
    'Насрулло', 'Зоир', 'Шодмон', 'Ёкуб', 'Мансур', 'Обид', 'Халим', 'Икром', 'Кахор', 'Зариф', 'Вахоб',
    'Джалол', 'Сулаймон', 'Гулом', 'Дуст', 'Муко', 'Сайфулло', 'Хамро',
    'Амон', 'Бахром', 'Фатхулло', 'Исо', 'Мамад', 'Сафол', 'Тагой', 'Убайдулло', 'Хайрулло', 'Шукрулло',
    'Ахрор', 'Баходур', 'Додо', 'Иброхим', 'Нозим', 'Пирмат', 'Собир', 'Фаттох', 'Хуршед',
  ],
  UZ: [
    'Абдулла', 'Али', 'Ахмед', 'Юлдаш', 'Исмаил', 'Тошмат', 'Эргаш', 'Карим', 'Рашид', 'Усман', 'Турсун',
    'Хамид', 'Нормат', 'Холмат', 'Мирза', 'Султан', 'Джура', 'Рустам', 'Камил', 'Умар', 'Сабир', 'Файзи',
    'Хайдар', 'Назар', 'Юсуп', 'Иброхим', 'Кодир', 'Уринбо', 'Саид', 'Мухаммади', 'Бахром', 'Шукур',
    'Абдурахман', 'Расул', 'Пулат', 'Хусан', 'Мамадали', 'Абдуджаббор', 'Аскар', 'Бозор', 'Валиджон',
    'Ганиш', 'Давлатбек', 'Жалил', 'Зокир', 'Ислом', 'Йулдош', 'Каюм', 'Латип', 'Мадамин', 'Нигмат',
    'Облокул', 'Рахматулла', 'Саттор', 'Тулкин', 'Убайдулла', 'Фарход', 'Хожиакбар', 'Шавкат',
    'Эшмат', 'Юнус', 'Ясин', 'Абдувахоб', 'Бекмурод', 'Гайрат', 'Дониёр', 'Жамол', 'Зиё', 'Илхом', 'Кобил',
  ],
  KG: [
    'Асан', 'Усен', 'Токтогул', 'Жума', 'Мамыт', 'Осмон', 'Садык', 'Бакир', 'Жээн', 'Сатыбалди', 'Ороз',
    'Алым', 'Турду', 'Эсен', 'Калык', 'Молдо', 'Токтосун', 'Бейшенали', 'Кадыр', 'Сулайман', 'Арзы',
    'Болот', 'Абды', 'Бектур', 'Доолот', 'Жолдош', 'Иманали', 'Казы', 'Келди', 'Мамбет',
    'Нарын', 'Омур', 'Сейит', 'Талып', 'Токон', 'Урмат', 'Чоро', 'Шамши',
    'Эшим', 'Акмат', 'Байыш', 'Дуйшон', 'Жусуп', 'Ибраим', 'Куба', 'Медет', 'Орозбай', 'Сапар', 'Ташы',
  ],
};

// prettier-ignore
const GIVEN: Readonly<Record<Nationality, { male: readonly string[]; female: readonly string[] }>> = {
  TJ: {
    male: [
      'Фаррух', 'Фирдавс', 'Рустам', 'Бахтиёр', 'Шерзод', 'Далер', 'Сухроб', 'Манучехр', 'Исмоил', 'Умед',
      'Фарход', 'Джамшед', 'Комрон', 'Илхом', 'Абдулло', 'Зафар', 'Сорбон', 'Сино', 'Парвиз', 'Хуршед',
      'Бехруз', 'Алишер', 'Саидмурод', 'Некруз', 'Шахбоз', 'Рахмон', 'Навруз', 'Мехродж', 'Достон', 'Фируз',
    ],
    female: ['Мадина', 'Нигина', 'Зарина', 'Шахноза', 'Фарзона', 'Гулноза', 'Фотима', 'Манижа', 'Дилноза', 'Парвина'],
  },
  UZ: {
    male: [
      'Азиз', 'Бекзод', 'Жасур', 'Ильхом', 'Отабек', 'Санжар', 'Шухрат', 'Улугбек', 'Достон', 'Нодир',
      'Акмал', 'Жахонгир', 'Ислом', 'Мирзо', 'Тимур', 'Фаррух', 'Хуршид', 'Элёр', 'Абдулазиз', 'Баходир',
      'Дилшод', 'Мухаммад', 'Равшан', 'Сардор', 'Шохрух', 'Шерзод', 'Ойбек', 'Азамат', 'Бобур', 'Жамшид',
    ],
    female: ['Дилноза', 'Гулнора', 'Нилуфар', 'Шахло', 'Малика', 'Феруза', 'Севара', 'Зулфия', 'Мохира', 'Умида'],
  },
  KG: {
    male: [
      'Бакыт', 'Нурлан', 'Айбек', 'Эрлан', 'Азамат', 'Кубанычбек', 'Талант', 'Улан', 'Эмиль', 'Алмаз',
      'Мирлан', 'Нурбек', 'Бекболот', 'Данияр', 'Эрмек', 'Айдар', 'Чынгыз', 'Медер', 'Самат', 'Темирлан',
      'Руслан', 'Марат', 'Бектур', 'Адилет', 'Элдияр', 'Жыргалбек', 'Канат', 'Максат', 'Нурсултан', 'Тилек',
    ],
    female: ['Айгуль', 'Айжан', 'Назира', 'Гульмира', 'Жылдыз', 'Бермет', 'Айпери', 'Асель', 'Чолпон', 'Нургуль'],
  },
};

const VOWELS = 'аеёиоуыэюя';

/** A surname from a stem, the way the stem's owner's grandson would carry it. */
function surnameOf(stem: string, nationality: Nationality, style: number): string {
  if (nationality === 'TJ' && style === 1) return `${stem}зода`;
  if (nationality === 'KG' && style === 1)
    return VOWELS.includes(stem.at(-1)!) ? `${stem}баев` : `${stem}беков`;
  return VOWELS.includes(stem.at(-1)!) ? `${stem}ев` : `${stem}ов`;
}

export interface Name {
  nationality: Nationality;
  female: boolean;
  /** Russian-Cyrillic forms, as Russian police and court papers write them. */
  surname: string;
  given: string;
}

export function randomName(random: Random, nationality: Nationality): Name {
  const female = random.chance(0.18);
  const style = nationality === 'UZ' ? 0 : random.chance(nationality === 'TJ' ? 0.25 : 0.2) ? 1 : 0;
  const male = surnameOf(random.pick(STEMS[nationality]), nationality, style);
  // -ов/-ев take -а for a woman; -зода does not change.
  const surname = female && /(ов|ев)$/.test(male) ? `${male}а` : male;
  return { nationality, female, surname, given: random.pick(GIVEN[nationality][female ? 'female' : 'male']) };
}

/**
 * The ways one name gets written: Russian Cyrillic (police, courts), the person's own Cyrillic
 * (Tajik ҷ ҳ, Uzbek ж ҳ), a passport's ICAO Latin, the "common" Latin of forms and emails, what
 * people type in a messenger, and Uzbek Latin.
 */
export const SPELLINGS = ['russian', 'native', 'passport', 'common', 'messenger', 'uzbekLatin'] as const;
export type Spelling = (typeof SPELLINGS)[number];

// prettier-ignore
const LATIN: Readonly<Record<string, string>> = {
  а: 'a', б: 'b', в: 'v', г: 'g', д: 'd', з: 'z', и: 'i', й: 'y', к: 'k', л: 'l', м: 'm', н: 'n',
  о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: 'u', ф: 'f', ц: 'ts', ч: 'ch', ш: 'sh', щ: 'sh', ъ: '',
  ы: 'y', ь: '', э: 'e', ё: 'yo', ю: 'yu', я: 'ya',
};

/** Where the Latin spellings differ: х, ж (and дж) and whether a "ye" is written after a vowel. */
const LATIN_STYLE: Readonly<
  Record<Exclude<Spelling, 'russian' | 'native'>, { х: string; ж: string; дж: string; ye: boolean }>
> = {
  // Tajik, Uzbek and Kyrgyz passports: KH, J, YO (RAKHIMOV, JURAYEV, YOKUBOV).
  passport: { х: 'kh', ж: 'j', дж: 'j', ye: true },
  // Russian-made forms: Dzhuraev, Zhasur.
  common: { х: 'kh', ж: 'zh', дж: 'dzh', ye: false },
  // What people type: Rahimov, Juraev.
  messenger: { х: 'h', ж: 'j', дж: 'j', ye: false },
  uzbekLatin: { х: 'x', ж: 'j', дж: 'j', ye: true },
};

function latin(word: string, spelling: Exclude<Spelling, 'russian' | 'native'>): string {
  const style = LATIN_STYLE[spelling];
  const lower = word.toLowerCase();
  let out = '';
  for (let i = 0; i < lower.length; i++) {
    const ch = lower[i];
    if (ch === 'д' && lower[i + 1] === 'ж') {
      out += style.дж;
      i++;
    } else if (ch === 'х' || ch === 'ж') {
      out += style[ch];
    } else if (ch === 'е') {
      out += style.ye && (i === 0 || VOWELS.includes(lower[i - 1])) ? 'ye' : 'e';
    } else {
      out += LATIN[ch] ?? ch;
    }
  }
  return out.charAt(0).toUpperCase() + out.slice(1);
}

function native(word: string, nationality: Nationality): string {
  if (nationality === 'TJ')
    return word.replace(/Дж/g, 'Ҷ').replace(/дж/g, 'ҷ').replace(/х/g, 'ҳ').replace(/Х/g, 'Ҳ');
  if (nationality === 'UZ') return word.replace(/Дж/g, 'Ж').replace(/дж/g, 'ж').replace(/х/g, 'ҳ');
  return word;
}

function spell(word: string, name: Name, spelling: Spelling): string {
  if (spelling === 'russian') return word;
  if (spelling === 'native') return native(word, name.nationality);
  return latin(word, spelling);
}

/** The full name in one spelling; Russian papers put the surname first, Latin forms often not. */
export function fullName(name: Name, spelling: Spelling, givenFirst = false): string {
  const surname = spell(name.surname, name, spelling);
  const given = spell(name.given, name, spelling);
  const text = givenFirst ? `${given} ${surname}` : `${surname} ${given}`;
  return spelling === 'passport' ? text.toUpperCase() : text;
}

/** How a person's name usually arrives first: intake types what the caller or the papers say. */
export function firstSpelling(random: Random, nationality: Nationality): Spelling {
  return random.weighted<Spelling>({
    russian: 6,
    native: nationality === 'KG' ? 0 : 1,
    passport: 1,
    common: 1,
    messenger: 1,
    uzbekLatin: nationality === 'UZ' ? 1 : 0,
  });
}

/** Another spelling than the one given: a returning person is rarely written the same way twice. */
export function otherSpelling(random: Random, name: Name, not: Spelling): Spelling {
  const choices = SPELLINGS.filter(
    (s) =>
      s !== not &&
      (s !== 'uzbekLatin' || name.nationality === 'UZ') &&
      (s !== 'native' || name.nationality !== 'KG'),
  );
  return random.pick(choices);
}
