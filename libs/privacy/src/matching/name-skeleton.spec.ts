import { nameKeys, nameSkeletons, wordSkeleton } from './name-skeleton';

/** Two names are suggested as possible duplicates when they share any skeleton. */
function sameName(a: string, b: string): boolean {
  const keys = new Set(nameSkeletons(a));
  return nameSkeletons(b).some((k) => keys.has(k));
}

/** Every unordered pair within each group, as [group label, a, b] rows for it.each. */
function pairsOf(groups: ReadonlyArray<readonly string[]>): Array<[string, string, string]> {
  const rows: Array<[string, string, string]> = [];
  for (const group of groups) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) rows.push([group[0], group[i], group[j]]);
    }
  }
  return rows;
}

// Spellings of one name: Cyrillic (Russian, Tajik, Uzbek, Kyrgyz) and Latin transliterations.
const SAME_NAME: ReadonlyArray<readonly string[]> = [
  ['Рахимов', 'Rakhimov', 'Rahimov', 'Raximov', 'Раҳимов', 'RAKHIMOV'],
  // Жураев is the Uzbek-Cyrillic / Russified spelling of the same name, so it matches by design.
  ['Ҷӯраев', 'Джураев', 'Жураев', 'Жўраев', 'Juraev', 'Dzhuraev', 'Djuraev', 'Jurayev', 'Joʻraev'],
  ['Фаррух', 'Farrukh', 'Farruh', 'Farrux', 'Farukh'],
  ['Шарипов', 'Sharipov', 'Şaripov'],
  ['Хусейн', 'Husein', 'Khusein', 'Huseyn', 'Husain', 'Хусайн'],
  ['Ёкубов', 'Yokubov', 'Iokubov', 'Ёқубов', 'Yoqubov', 'Якубов'],
  ['Юсупов', 'Yusupov', 'Iusupov', 'Jusupov', 'Жусупов'],
  // The "о" in the second Latin spelling is Cyrillic U+043E: mixed-script typing happens.
  ['Чориев', 'Choriev', 'Ch\u043eriyev', 'Choriyev'],
  ['Кыргызбаев', 'Kyrgyzbaev', 'Kirgizbaev'],
  ['Абдуллаев', 'Abdullaev', 'Abdulaev', 'Абдулаев', 'Abdullayev'],
  ['Ахмедов', 'Akhmedov', 'Ahmedov', 'Axmedov', 'Ахмадов'],
  ['Ғафуров', 'Гафуров', 'Gafurov', 'Ghafurov', "G'afurov"],
  ['Қодиров', 'Кодиров', 'Qodirov', 'Kodirov', 'Кадыров'],
  ['Тошматов', 'Toshmatov', 'Ташматов'],
  ['Ўринбоев', 'Уринбоев', "O'rinboev", 'Oʻrinboev', 'O‘rinboev', 'O’rinboev', 'Urinboev'],
  ['Алиев', 'Aliev', 'Aliyev', 'Алиев'.normalize('NFD')],
  ['Каюмов', 'Kayumov', 'Kaiumov', 'Qayumov'],
  ['Евгений', 'Yevgeniy', 'Evgenii'],
  ['Исмоилов', 'Ismoilov', 'Исмаилов', 'Ismailov'],
  ['Ходжаев', 'Khodzhaev', 'Hojaev', "Xo'jaev", 'Хоҷаев'],
];

// Different names that must stay apart, with the reason they are close.
const DIFFERENT_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Рахимов', 'Рашидов'],
  ['Rakhimov', 'Rashidov'],
  ['Karimov', 'Kamilov'],
  ['Sharipov', 'Shukurov'],
  ['Aliev', 'Alimov'],
  ['Алиев', 'Алимов'],
  // Hasan and Husayn are distinct (and both common) names: the i-vowel mark keeps them apart.
  ['Хасан', 'Хусейн'],
  ['Hasanov', 'Husainov'],
  ['Umarov', 'Amirov'],
  ['Юсупов', 'Юнусов'],
  // Female and male forms are different people (a sister is not a duplicate of her brother).
  ['Рахимова', 'Рахимов'],
  ['Рахимов Фаррух', 'Рахимов Фирдавс'],
  ['Рахимов Фаррух', 'Каримов Фаррух'],
];

describe('wordSkeleton', () => {
  it.each([
    ['Рахимов', 'rahimav'],
    ['Ҷӯраев', 'jarav'],
    ['Шарипов', 'šarifav'],
    ['Хусейн', 'hasain'],
    ['Абдуллаев', 'abdalav'],
    ['Oʻrinboev', 'arinbav'],
  ])('%s → %s (documents the phonetic alphabet)', (word, skeleton) => {
    expect(wordSkeleton(word)).toBe(skeleton);
  });
});

describe('nameSkeletons: spellings of one name match', () => {
  it.each(pairsOf(SAME_NAME))('[%s] %s ≈ %s', (_group, a, b) => {
    expect(sameName(a, b)).toBe(true);
  });
});

describe('nameSkeletons: different names do not match', () => {
  it.each(DIFFERENT_NAMES)('%s ≠ %s', (a, b) => {
    expect(sameName(a, b)).toBe(false);
  });
});

describe('nameSkeletons: full names', () => {
  const FARRUKH_RAKHIMOV = [
    'Рахимов Фаррух',
    'Фаррух Рахимов',
    'Farrukh Rakhimov',
    'RAHIMOV FARRUH',
    'Raximov Farrux',
    'Рахимов Фаррух Рустамович',
    'Фаррух Рустамович Рахимов',
    'Rakhimov Farrukh Rustamovich',
    'Raximov Farrux Rustam oʻgʻli',
    'Рахимов Фаррух Рустам угли',
    '  Рахимов,   Фаррух  ',
  ];

  it.each(pairsOf([FARRUKH_RAKHIMOV]))('[%s] %s ≈ %s (order, patronymic, particles)', (_g, a, b) => {
    expect(sameName(a, b)).toBe(true);
  });

  it('gives one sorted plain key for a two-word name regardless of order', () => {
    expect(nameSkeletons('Рахимов Фаррух')[0]).toBe('farah rahimav');
    expect(nameSkeletons('Farrukh Rakhimov')[0]).toBe('farah rahimav');
  });

  it("takes a Russian-style patronymic (-ovich, -ovna, -ichna) apart as the father's name", () => {
    expect(nameKeys('Рахимов Фаррух Рустамович')).toEqual({
      cores: nameSkeletons('Рахимов Фаррух'),
      patronymic: 'rastam',
    });
    expect(nameSkeletons('Рахимова Дилноза Рустамовна')).toEqual(nameSkeletons('Dilnoza Rakhimova'));
    expect(nameKeys('Иванова Мария Ильинична').patronymic).toBe('ilin');
  });

  it('keeps a -vich word when it is one of only two words (a surname, not a patronymic)', () => {
    expect(nameKeys('Абрамович Иван')).toEqual({ cores: ['abramavič ivan'], patronymic: null });
  });

  it("reads the word before oʻgʻli / qizi as the father's name, like -ovich", () => {
    expect(nameKeys('Rahimov Farrux Rustam o‘g‘li').patronymic).toBe('rastam');
    expect(nameKeys('Rahimov Farrux Rustam o‘g‘li').cores).toEqual(
      nameKeys('Рахимов Фаррух Рустамович').cores,
    );
    expect(sameName('Каримова Дилноза Рустам қизи', 'Dilnoza Karimova')).toBe(true);
  });

  it('reads "Asan uulu" beside a given name alone as the surname Asanov', () => {
    expect(sameName('Бакыт Асан уулу', 'Асанов Бакыт')).toBe(true);
    expect(sameName('Айгүл Мамыт кызы', 'Мамытова Айгуль')).toBe(true);
    // A son of Asan is not a daughter of Asan's family.
    expect(sameName('Бакыт Асан уулу', 'Асанова Бакыт')).toBe(false);
  });

  it('matches a Russian-style surname with its Tajik forms, him with him and her with her', () => {
    for (const tajik of ['Каримзода Азиз', 'Karimzoda Aziz', 'Каримӣ Азиз']) {
      expect(sameName('Каримов Азиз', tajik)).toBe(true);
    }
    expect(sameName('Набиев Муродали', 'Набиён Муродалӣ')).toBe(true);
    expect(sameName('Каримова Дилноза', 'Каримзода Дилноза')).toBe(true);
    expect(sameName('Каримов Азиз', 'Каримова Азиз')).toBe(false);
  });

  it('reads Ё written E or YO, Ъ written IE and an initial Й written I as passports do', () => {
    expect(sameName('Мирзоев Ёдгор', 'MIRZOEV EDGOR')).toBe(true);
    expect(sameName('Ахмедов Ильёс', 'AKHMEDOV ILES')).toBe(true);
    expect(sameName('Ёрматов Ёдгор', 'Yormatov Yodgor')).toBe(true);
    expect(sameName('Асъад Тагаев', 'ASIEAD TAGAEV')).toBe(true);
    expect(sameName('Йигитали Юлдашев', 'IIGITALI IULDASHEV')).toBe(true);
    expect(sameName('Худойбердиев Ойбек', 'Khudojberdiev Ojbek')).toBe(true);
  });

  it('matches a compound given name written with and without a space', () => {
    expect(sameName('Абдул Азиз Каримов', 'Абдулазиз Каримов')).toBe(true);
    expect(sameName('Muhammad Ali Hamidov', 'Muhammadali Hamidov')).toBe(true);
  });

  it('drops initials', () => {
    expect(nameSkeletons('Рахимов Ф. Р.')).toEqual(nameSkeletons('Рахимов'));
    expect(nameSkeletons('Rakhimov F.R.')).toEqual(nameSkeletons('Рахимов'));
    expect(nameSkeletons('Sh. Rakhimov')[0]).toBe('rahimav');
  });

  it('keeps a hyphenated given name as one word', () => {
    expect(sameName('Абдул-Карим Рахимов', 'Abdulkarim Rakhimov')).toBe(true);
  });

  it('accepts decomposed (NFD) input', () => {
    expect(nameSkeletons('Йулдошев Ёкуб'.normalize('NFD'))).toEqual(nameSkeletons('Йулдошев Ёкуб'));
  });

  it('returns no keys for empty or letterless input', () => {
    expect(nameSkeletons('')).toEqual([]);
    expect(nameSkeletons('  ')).toEqual([]);
    expect(nameSkeletons('123 — ?')).toEqual([]);
  });

  it('bounds the number of keys for unusually long names', () => {
    const keys = nameSkeletons('Muhammad Ali Abdul Karim Rahim Nasir Olim Salim Rahimov');
    expect(keys.length).toBeLessThanOrEqual(24);
  });
});
