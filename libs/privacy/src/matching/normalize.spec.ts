import { normalizeDateOfBirth, normalizePassport, normalizePhone } from './normalize';

describe('normalizePhone', () => {
  it.each([
    '+7 916 123-45-67',
    '89161234567',
    '79161234567',
    '8 (916) 123-45-67',
    '+7(916)1234567',
    '916 123 45 67',
    '007 916 123 45 67',
  ])('%s → 79161234567', (phone) => {
    expect(normalizePhone(phone)).toBe('79161234567');
  });

  it.each([
    ['+992 93 123 4567', '992931234567'],
    ['00992931234567', '992931234567'],
    ['8 10 992 93 123 4567', '992931234567'],
    ['+998 90 123 45 67', '998901234567'],
    ['+996 555 123 456', '996555123456'],
  ])('keeps Central Asian numbers international: %s → %s', (phone, expected) => {
    expect(normalizePhone(phone)).toBe(expected);
  });

  it.each(['', '12-34', '+7 916', 'нет телефона', null, undefined])('%p → null', (phone) => {
    expect(normalizePhone(phone)).toBeNull();
  });

  it('accepts exactly 7 digits', () => {
    expect(normalizePhone('123-45-67')).toBe('1234567');
  });
});

describe('normalizePassport', () => {
  it.each([
    ['AB1234567', 'AB1234567'],
    ['ab 1234567', 'AB1234567'],
    ['АВ1234567', 'AB1234567'], // Cyrillic А and В
    ['АВ № 12-34 567', 'AB1234567'],
    ['№ ab-1234567', 'AB1234567'],
    ['ав\u00a01234567', 'AB1234567'], // no-break space, lowercase Cyrillic
    ['АВ\u20131234567', 'AB1234567'], // en dash
  ])('%s → %s', (input, expected) => {
    expect(normalizePassport(input)).toBe(expected);
  });

  it('maps every Cyrillic look-alike to its Latin twin', () => {
    expect(normalizePassport('АВЕКМНОРСТХУ')).toBe('ABEKMHOPCTXY');
  });

  it('keeps the digits of a Russian passport series and number', () => {
    expect(normalizePassport('45 06 123456')).toBe('4506123456');
  });

  it('keeps letters without a look-alike, so different series stay different', () => {
    expect(normalizePassport('ДА1234567')).toBe('ДA1234567');
    expect(normalizePassport('ДА1234567')).not.toBe(normalizePassport('АА1234567'));
  });

  it.each(['', ' - ', '№', null, undefined])('%p → null', (input) => {
    expect(normalizePassport(input)).toBeNull();
  });
});

describe('normalizeDateOfBirth', () => {
  it.each([
    '1990-05-07',
    '1990-5-7',
    '07.05.1990',
    '7.5.1990',
    '07/05/1990',
    '07-05-1990',
    '1990-05-07T00:00:00Z',
  ])('%s → 1990-05-07', (input) => {
    expect(normalizeDateOfBirth(input)).toBe('1990-05-07');
  });

  it.each(['31.02.1990', '1990-13-01', '00.01.1990', '05/1990', 'вчера', '', null, undefined])(
    '%p → null',
    (input) => {
      expect(normalizeDateOfBirth(input)).toBeNull();
    },
  );
});
