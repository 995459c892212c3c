import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';

import { BLIND_INDEX_MIN_KEY_BYTES, BlindIndex, type BlindIndexPerson } from './blind-index';
import { nameSkeletons } from './name-skeleton';

const KEY = Buffer.alloc(32, 7);
const OTHER_KEY = Buffer.alloc(32, 8);

const FARRUKH: BlindIndexPerson = {
  fullName: 'Рахимов Фаррух Рустамович',
  phone: '+7 916 123-45-67',
  passportNumber: 'АВ 1234567',
  dateOfBirth: '07.05.1990',
};

function shared(a: string[], b: string[]): string[] {
  return a.filter((k) => b.includes(k));
}

function kinds(keys: string[]): string[] {
  return [...new Set(keys.map((k) => k.split(':')[0]))];
}

describe('BlindIndex', () => {
  const index = new BlindIndex(KEY);

  it('says what each probe matches on: a date of birth counts only where both records know it', () => {
    const stored = new Set(index.keysFor(FARRUKH));
    const basesOf = (probe: BlindIndexPerson) => [
      ...new Set(
        index
          .probesWithBasis(probe)
          .filter((p) => stored.has(p.key))
          .map((p) => p.basis),
      ),
    ];
    expect(basesOf({ passportNumber: 'AB1234567' })).toEqual(['passport']);
    expect(basesOf({ phone: '8 916 123 45 67' })).toEqual(['phone']);
    expect(basesOf({ fullName: 'Rakhimov Farrukh', dateOfBirth: '1990-05-07' })).toEqual(
      expect.arrayContaining(['name_and_birth_date']),
    );
    expect(basesOf({ fullName: 'Rakhimov Farrukh', dateOfBirth: '1990-05-07' })).not.toContain('name');
    expect(basesOf({ fullName: 'Rakhimov Farrukh' })).toEqual(['name']);
    expect(basesOf({ fullName: 'Rakhimov Farrukh', dateOfBirth: '1991-05-07' })).toEqual([]);
    expect(basesOf({ fullName: 'Rahkimov Farrukh', dateOfBirth: '1990-05-07' })).toContain(
      'similar_name_and_birth_date',
    );
    expect(index.probesWithBasis(FARRUKH).map((p) => p.key)).toEqual(index.probesFor(FARRUKH));
  });

  it('refuses keys shorter than 32 bytes', () => {
    expect(() => new BlindIndex(Buffer.alloc(BLIND_INDEX_MIN_KEY_BYTES - 1))).toThrow(RangeError);
    expect(() => new BlindIndex(Buffer.alloc(0))).toThrow(RangeError);
    expect(() => new BlindIndex(randomBytes(64))).not.toThrow();
  });

  it('returns kind:base64url of a 16-byte tag for each identifier, in a stable order', () => {
    const keys = index.keysFor(FARRUKH);
    expect(kinds(keys)).toEqual(['passport', 'phone', 'person', 'name_typo']);
    for (const key of keys) expect(key).toMatch(/^(passport|phone|person|name_typo):[A-Za-z0-9_-]{22}$/);
  });

  it('is deterministic: same key and input give the same keys, across instances', () => {
    expect(index.keysFor(FARRUKH)).toEqual(index.keysFor(FARRUKH));
    expect(new BlindIndex(Buffer.from(KEY)).keysFor(FARRUKH)).toEqual(index.keysFor(FARRUKH));
  });

  it('depends on the key: another key shares nothing with this one', () => {
    expect(shared(index.keysFor(FARRUKH), new BlindIndex(OTHER_KEY).keysFor(FARRUKH))).toEqual([]);
  });

  it('copies the key, so later writes to the caller buffer do not change the index', () => {
    const mutable = Buffer.from(KEY);
    const own = new BlindIndex(mutable);
    const before = own.keysFor(FARRUKH);
    mutable.fill(0);
    expect(own.keysFor(FARRUKH)).toEqual(before);
  });

  it('matches the same person entered differently on every kind', () => {
    const sameFarrukh: BlindIndexPerson = {
      fullName: 'Farrukh Rakhimov',
      phone: '89161234567',
      passportNumber: 'ab-1234567',
      dateOfBirth: '1990-05-07',
    };
    expect(kinds(shared(index.keysFor(FARRUKH), index.probesFor(sameFarrukh)))).toEqual([
      'passport',
      'phone',
      'person',
      'name_typo',
    ]);
  });

  it('matches transliterated names through the person key', () => {
    const a = index.keysFor({ fullName: 'Ҷӯраев Фаррух' });
    const b = index.probesFor({ fullName: 'Farruh Dzhuraev' });
    expect(kinds(shared(a, b))).toEqual(['person']);
  });

  it('matches a name when one side lacks the date of birth or the patronymic', () => {
    const stored = index.keysFor({ fullName: 'Рахимов Фаррух Рустамович', dateOfBirth: '1990-05-07' });
    expect(shared(stored, index.probesFor({ fullName: 'Rakhimov Farrukh' }))).not.toEqual([]);
    const bare = index.keysFor({ fullName: 'Rakhimov Farrukh' });
    expect(
      shared(bare, index.probesFor({ fullName: 'Рахимов Фаррух Рустамович', dateOfBirth: '1990-05-07' })),
    ).not.toEqual([]);
  });

  it('separates namesakes whose dates of birth or fathers differ', () => {
    const a = index.keysFor({ fullName: 'Рахимов Фаррух', dateOfBirth: '1990-05-07' });
    expect(shared(a, index.probesFor({ fullName: 'Rakhimov Farrukh', dateOfBirth: '1985-01-01' }))).toEqual(
      [],
    );
    const son = index.keysFor({ fullName: 'Рахимов Фаррух Рустамович' });
    expect(shared(son, index.probesFor({ fullName: 'Рахимов Фаррух Бахтиёрович' }))).toEqual([]);
    expect(shared(son, index.probesFor({ fullName: 'Рахимов Рустам' }))).toEqual([]);
  });

  it('matches a one-letter slip only when the dates of birth agree', () => {
    const a = index.keysFor({ fullName: 'Рахимов Фаррух', dateOfBirth: '1990-05-07' });
    expect(
      kinds(shared(a, index.probesFor({ fullName: 'Рахимом Фаррух', dateOfBirth: '1990-05-07' }))),
    ).toEqual(['name_typo']);
    expect(shared(a, index.probesFor({ fullName: 'Рахимом Фаррух', dateOfBirth: '1991-05-07' }))).toEqual([]);
    expect(shared(a, index.probesFor({ fullName: 'Рахимом Фаррух' }))).toEqual([]);
  });

  it('still finds people logged before person keys existed, through their name and name_dob keys', () => {
    const probes = kinds(index.probesFor({ fullName: 'Рахимов Фаррух', dateOfBirth: '1990-05-07' }));
    expect(probes).toEqual(expect.arrayContaining(['name', 'name_dob']));
    expect(kinds(index.keysFor({ fullName: 'Рахимов Фаррух', dateOfBirth: '1990-05-07' }))).not.toContain(
      'name',
    );
  });

  it('does not match different people', () => {
    const a = index.keysFor({
      fullName: 'Рахимов Фаррух',
      phone: '+79161234567',
      passportNumber: 'AB1234567',
    });
    const b = index.keysFor({
      fullName: 'Рашидов Фаррух',
      phone: '+79161234568',
      passportNumber: 'AB1234568',
    });
    expect(shared(a, b)).toEqual([]);
  });

  it('separates kinds: the same string as phone and as passport gives different tags', () => {
    const [asPassport] = index.keysFor({ passportNumber: '79161234567' });
    const [asPhone] = index.keysFor({ phone: '79161234567' });
    expect(asPassport.split(':')[1]).not.toBe(asPhone.split(':')[1]);
  });

  it('skips missing and unusable fields', () => {
    expect(index.keysFor({})).toEqual([]);
    expect(index.keysFor({ fullName: null, phone: null, passportNumber: null, dateOfBirth: null })).toEqual(
      [],
    );
    expect(index.keysFor({ phone: '12', passportNumber: ' — ', fullName: '  ' })).toEqual([]);
    // A date of birth alone identifies nothing; an invalid one adds no name_dob key.
    expect(index.keysFor({ dateOfBirth: '1990-05-07' })).toEqual([]);
    expect(kinds(index.keysFor({ fullName: 'Рахимов Фаррух', dateOfBirth: '31.02.1990' }))).toEqual([
      'person',
    ]);
  });

  it('stores four person keys per name key with a patronymic and a date (each known or not), without repeats', () => {
    const fullName = 'Rahimov Farrux Rustam oʻgʻli';
    const keys = index.keysFor({ fullName, dateOfBirth: '1990-05-07' });
    const n = nameSkeletons(fullName).length;
    expect(keys.filter((k) => k.startsWith('person:'))).toHaveLength(4 * n);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('never outputs plaintext: no name, skeleton, phone, passport or date in the keys', () => {
    const output = index.keysFor(FARRUKH).join('\n').toLowerCase();
    const secrets = [
      'рахимов',
      'фаррух',
      'rakhimov',
      ...nameSkeletons(FARRUKH.fullName!).flatMap((s) => s.split(' ')),
      '9161234567',
      '1234567',
      '1990',
    ];
    for (const secret of secrets) expect(output).not.toContain(secret.toLowerCase());
  });

  it('does not reveal the key when the instance is inspected or serialized', () => {
    const hex = KEY.toString('hex');
    const b64 = KEY.toString('base64');
    for (const dump of [inspect(index, { depth: 5, showHidden: true }), JSON.stringify(index)]) {
      expect(dump).not.toContain(hex);
      expect(dump).not.toContain(b64);
      expect(dump).not.toMatch(/(?:7, ){8}/);
    }
  });
});
