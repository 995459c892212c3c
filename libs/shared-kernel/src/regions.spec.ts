import {
  OTHER_REGION,
  REGION_CODES,
  RU_REGION_CODES,
  RU_REGIONS,
  RegionCode,
  isRegionCode,
  resolveRegion,
} from './regions';

describe('the region list', () => {
  it('has the 83 subjects of ISO 3166-2:RU, each code once and well formed, then other', () => {
    expect(RU_REGIONS).toHaveLength(83);
    expect(RU_REGION_CODES).toHaveLength(83);
    expect(REGION_CODES).toHaveLength(84);
    expect(REGION_CODES[REGION_CODES.length - 1]).toBe(OTHER_REGION);
    expect(OTHER_REGION).toBe('other');
    const codes = RU_REGIONS.map((region) => region.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const code of codes) expect(code).toMatch(/^RU-[A-Z]{2,3}$/);
    expect([...codes].sort()).toEqual([...RU_REGION_CODES].sort());
  });

  it('counts them as the federation does: 21 republics, 9 krais, 46 oblasts, 2 cities, 1 AO, 4 okrugs', () => {
    const kinds = { republic: 0, krai: 0, oblast: 0, city: 0, autonomousOblast: 0, okrug: 0 };
    for (const { ru } of RU_REGIONS) {
      if (/автономная область$/.test(ru)) kinds.autonomousOblast++;
      else if (/автономный округ$/.test(ru)) kinds.okrug++;
      else if (/Республика/.test(ru)) kinds.republic++;
      else if (/край$/.test(ru)) kinds.krai++;
      else if (/область$/.test(ru)) kinds.oblast++;
      else kinds.city++;
    }
    expect(kinds).toEqual({ republic: 21, krai: 9, oblast: 46, city: 2, autonomousOblast: 1, okrug: 4 });
  });

  it('gives every subject an English name in Latin letters and a Russian one in Cyrillic', () => {
    for (const { en, ru } of RU_REGIONS) {
      expect(en).toMatch(/^[A-Za-z][A-Za-z .()'–-]+$/);
      expect(ru).toMatch(/^[А-ЯЁ][А-Яа-яЁё .()—-]+$/);
    }
  });

  it('does not list Crimea or Sevastopol, which ISO 3166-2:RU does not', () => {
    const names = RU_REGIONS.flatMap((r) => [r.en, r.ru, ...(r.aliases ?? [])]).join(' ');
    expect(names).not.toMatch(/crimea|sevastopol|крым|севастопол/i);
  });

  it('cannot be changed by a caller', () => {
    expect(Object.isFrozen(RU_REGIONS)).toBe(true);
    expect(Object.isFrozen(RU_REGIONS[0])).toBe(true);
  });
});

describe('resolveRegion', () => {
  const resolvesTo = (input: string, code: RegionCode) =>
    expect(resolveRegion(input)).toEqual({ code, remainder: null });

  describe.each(RU_REGIONS.map((region) => [region.code, region] as const))('%s', (code, region) => {
    it(`resolves its English name "${region.en}" and its Russian name "${region.ru}"`, () => {
      resolvesTo(region.en, code);
      resolvesTo(region.ru, code);
    });

    it('resolves every alias to itself', () => {
      for (const alias of region.aliases ?? []) resolvesTo(alias, code);
    });

    it('round-trips its code, written the ways a code is written', () => {
      resolvesTo(code, code);
      resolvesTo(code.toLowerCase(), code);
      resolvesTo(` ${code.replace('-', ' ')} `, code);
      resolvesTo(code.replace('-', '_'), code);
      const suffix = code.slice(3);
      // A bare suffix counts only when it has three letters: "MO" must not become Mordovia.
      if (suffix.length === 3) resolvesTo(suffix.toLowerCase(), code);
      else expect(resolveRegion(suffix).code).not.toBe(code);
      expect(isRegionCode(code)).toBe(true);
    });

    it('resolves its names whatever the case, spacing and punctuation', () => {
      for (const name of [region.en, region.ru]) {
        resolvesTo(name.toUpperCase(), code);
        resolvesTo(name.toLowerCase(), code);
        resolvesTo(`  ${name.replace(/ /g, '   ')}.  `, code);
        resolvesTo(name.replace(/[ -]/g, '-'), code);
      }
    });
  });

  it('takes a code in any case, with or without the country prefix', () => {
    for (const input of ['ru-mos', 'RU-MOS', 'Ru-Mos', 'MOS', 'mos', 'RU MOS', 'RU–MOS'])
      resolvesTo(input, 'RU-MOS');
    resolvesTo('RU-MO', 'RU-MO');
    resolvesTo('other', OTHER_REGION);
    resolvesTo('OTHER', OTHER_REGION);
  });

  it.each([
    ['Moscow Oblast', 'RU-MOS'],
    ['Moscow Region', 'RU-MOS'],
    ['Moscow Province', 'RU-MOS'],
    ['Moskovskaya oblast', 'RU-MOS'],
    ["Moskovskaya oblast'", 'RU-MOS'],
    ['Moskovskaja oblast', 'RU-MOS'],
    ['Московская область', 'RU-MOS'],
    ['Московская обл.', 'RU-MOS'],
    ['московская  обл', 'RU-MOS'],
    ['Подмосковье', 'RU-MOS'],
    ['St. Petersburg', 'RU-SPE'],
    ['St Petersburg', 'RU-SPE'],
    ['Saint-Petersburg', 'RU-SPE'],
    ['Sankt-Peterburg', 'RU-SPE'],
    ['СПб', 'RU-SPE'],
    ['Питер', 'RU-SPE'],
    ['Санкт-Петербург', 'RU-SPE'],
    ['г. Санкт-Петербург', 'RU-SPE'],
    ['Republic of Tatarstan', 'RU-TA'],
    ['Tatarstan', 'RU-TA'],
    ['Татарстан', 'RU-TA'],
    ['Республика Татарстан', 'RU-TA'],
    ['Респ. Татарстан', 'RU-TA'],
    ['Sverdlovsk', 'RU-SVE'],
    ['Sverdlovsk Oblast', 'RU-SVE'],
    ['Sverdlovskaya oblast', 'RU-SVE'],
    ['Свердловская область', 'RU-SVE'],
    ['Leningrad Oblast', 'RU-LEN'],
    ['Ленинградская обл.', 'RU-LEN'],
    ['Krasnodar Krai', 'RU-KDA'],
    ['Krasnodarskiy kray', 'RU-KDA'],
    ['Krasnodarsky krai', 'RU-KDA'],
    ['Krasnodar Territory', 'RU-KDA'],
    ['Краснодарский край', 'RU-KDA'],
    ['Habarovskij kraj', 'RU-KHA'],
    ["Čeljabinskaja oblast'", 'RU-CHE'],
    ['Nizhniy Novgorod Oblast', 'RU-NIZ'],
    ['Novgorod Oblast', 'RU-NGR'],
    ['Altai Krai', 'RU-ALT'],
    ['Altai Republic', 'RU-AL'],
    ['Republic of Altai', 'RU-AL'],
    ['Chechnya', 'RU-CE'],
    ['Чувашия', 'RU-CU'],
    ['Yakutia', 'RU-SA'],
    ['Khanty-Mansiysky avtonomny okrug', 'RU-KHM'],
    ['ХМАО-Югра', 'RU-KHM'],
    ['Ямало-Ненецкий АО', 'RU-YAN'],
    ['Nenets Autonomous Okrug', 'RU-NEN'],
    ['Jewish Autonomous Oblast', 'RU-YEV'],
    ['Yevreyskaya AO', 'RU-YEV'],
  ] as const)('reads "%s" as %s', (input, code) => resolvesTo(input, code));

  it('treats Ё as Е', () => {
    resolvesTo('Свёрдловская область', 'RU-SVE');
    resolvesTo('ЧЕЧЁНСКАЯ РЕСПУБЛИКА', 'RU-CE');
  });

  it('ignores the country around a region', () => {
    resolvesTo('Moscow, Russia', 'RU-MOW');
    resolvesTo('Россия, Московская область', 'RU-MOS');
    resolvesTo('РФ, Санкт-Петербург', 'RU-SPE');
    expect(resolveRegion('Russia')).toEqual({ code: OTHER_REGION, remainder: 'Russia' });
  });

  describe('the federal cities', () => {
    it('knows Moscow and Saint Petersburg, as cities and apart from their oblasts', () => {
      for (const input of ['Moscow', 'Москва', 'Moskva', 'г. Москва', 'город Москва', 'Moscow City']) {
        resolvesTo(input, 'RU-MOW');
      }
      for (const input of ['Saint Petersburg', 'Petersburg', 'Петербург', 'SPb']) resolvesTo(input, 'RU-SPE');
      resolvesTo('Moscow Oblast', 'RU-MOS');
      resolvesTo('Leningrad', 'RU-LEN');
    });

    it('keeps Sevastopol, like Crimea, as other with its name in the remainder', () => {
      for (const input of [
        'Sevastopol',
        'Севастополь',
        'г. Севастополь',
        'Crimea',
        'Republic of Crimea',
        'Крым',
      ]) {
        expect(resolveRegion(input)).toEqual({ code: OTHER_REGION, remainder: input });
      }
    });
  });

  it('gives nothing for nothing', () => {
    for (const input of [null, undefined, '', ' ', '\t\n ']) {
      expect(resolveRegion(input)).toEqual({ code: null, remainder: null });
    }
  });

  it('keeps any other text, trimmed, as the remainder of other', () => {
    expect(resolveRegion('  Kotelniki, by the market  ')).toEqual({
      code: OTHER_REGION,
      remainder: 'Kotelniki, by the market',
    });
    expect(resolveRegion('Uzbekistan')).toEqual({ code: OTHER_REGION, remainder: 'Uzbekistan' });
    expect(resolveRegion('RU-XX')).toEqual({ code: OTHER_REGION, remainder: 'RU-XX' });
    expect(resolveRegion('Moscow Oblast, Podolsk')).toEqual({
      code: OTHER_REGION,
      remainder: 'Moscow Oblast, Podolsk',
    });
  });

  it('does not take cities for regions, beyond the federal ones', () => {
    for (const input of ['Екатеринбург', 'Yekaterinburg', 'Kazan', 'Казань', 'Новосибирск', 'Sochi']) {
      expect(resolveRegion(input)).toEqual({ code: OTHER_REGION, remainder: input });
    }
  });

  it('does not guess at names that mean more than one subject', () => {
    for (const input of ['МО', 'MO', 'mo', 'Altai', 'Altay', 'Алтай']) {
      expect(resolveRegion(input)).toEqual({ code: OTHER_REGION, remainder: input });
    }
  });

  it('never throws', () => {
    const odd: unknown[] = [
      '---',
      '🏳️',
      'x'.repeat(100_000),
      'Moscow'.repeat(50),
      '\u0000',
      'ру-мос',
      42,
      {},
      Symbol('x'),
    ];
    for (const input of odd) {
      expect(() => resolveRegion(input as string)).not.toThrow();
    }
    expect(resolveRegion('---')).toEqual({ code: OTHER_REGION, remainder: '---' });
    expect(resolveRegion(42 as unknown as string)).toEqual({ code: null, remainder: null });
  });
});

describe('isRegionCode', () => {
  it('accepts exactly the codes of the list', () => {
    for (const code of REGION_CODES) expect(isRegionCode(code)).toBe(true);
    for (const value of [
      'ru-mos',
      'MOS',
      'RU-XX',
      'RU-CR',
      'RU-SEV',
      'Moscow',
      'OTHER',
      '',
      null,
      undefined,
      42,
    ]) {
      expect(isRegionCode(value)).toBe(false);
    }
  });
});
