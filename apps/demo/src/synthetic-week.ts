import { firstSpelling, fullName, Name, Nationality, otherSpelling, randomName, Spelling } from './names';
import { Random } from './random';
import { AppealType, Channel } from '@huquq/shared-kernel';

/**
 * A synthetic week of a migrants' legal-aid hotline, modeled on docs/domain.md: a thousand and
 * more appeals a day, mostly detentions and document checks; a dawn raid on a workers' dormitory
 * on the third day, its detainees' relatives calling, detentions spiking for days after it and
 * expulsion rulings following the detentions. Every person is invented (see names.ts).
 *
 * The plan is made up front from a seed; what the API answers (case and client ids) is only
 * known while it is replayed, so an appeal that refers to an earlier one names it by `seq`.
 */

// The API's own vocabulary, so the demo can never send a word the API would refuse.
export type { AppealType };

/** Moscow has kept UTC+3 all year since 2014; the whole week is written in Moscow time. */
export const TIME_ZONE = 'Europe/Moscow';
const OFFSET_MS = 3 * 3_600_000;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export function moscowTime(at: Date): string {
  return `${new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 19)}+03:00`;
}

export function moscowDate(at: Date): string {
  return new Date(at.getTime() + OFFSET_MS).toISOString().slice(0, 10);
}

export interface Person {
  name: Name;
  spelling: Spelling;
  givenFirst: boolean;
  dateOfBirth: string | null;
  phone: string | null;
  passportNumber: string | null;
  language: string;
}

/** An earlier case of the same person: an appeal's, or one of a raid's (by position in its list). */
export interface EarlierCase {
  seq: number;
  index?: number;
}

export interface AppealPlan {
  kind: 'appeal';
  seq: number;
  day: number;
  receivedAt: Date;
  appealType: AppealType;
  channel: Channel;
  urgency: 'high' | 'low' | null;
  incident: {
    occurredAt: Date;
    region: string | null;
    city: string | null;
    location: string;
    description: string;
  };
  decisionReceivedAt: Date | null;
  /** A new client record as intake typed it this time, or a returning client named by id. */
  client: { kind: 'record'; person: Person } | { kind: 'id'; of: number };
  /** Set for a returning person: the case the API should point out as a possible duplicate. */
  earlier: EarlierCase | null;
  /** The raid this appeal is about (its incidentId is known once the raid is logged). */
  raidSeq: number | null;
}

export interface RaidPlan {
  kind: 'raid';
  seq: number;
  day: number;
  receivedAt: Date;
  occurredAt: Date;
  region: string;
  city: string;
  location: string;
  description: string;
  people: Person[];
}

export type Planned = AppealPlan | RaidPlan;

export interface WeekPlan {
  /** The replayed days, Moscow dates, oldest first. */
  days: string[];
  /** Everything in the order it happened, which is the order it is sent. */
  items: Planned[];
  raidDay: number;
}

export interface WeekOptions {
  seed: number;
  days: number;
  perDay: number;
  raidSize: number;
  /** The week ends the day before this instant, so every receivedAt is in the past. */
  now: Date;
}

// Relative weights, not percentages: detentions and document checks dominate, as they did.
const BASE_TYPES: Readonly<Record<AppealType, number>> = {
  detention: 28,
  document_check: 24,
  eviction: 8,
  registration_cancelled: 7,
  expulsion_order: 6,
  deportation: 3,
  entry_ban: 4,
  workplace_raid: 5,
  hate_violence: 4,
  labour_exploitation: 5,
  document_confiscation: 4,
  other: 2,
  mvd_expulsion: 2,
  controlled_persons_registry: 1,
};

/** After the raid: detentions spike at once, court rulings on expulsion follow a day or two later. */
const AFTER_RAID: readonly Partial<Record<AppealType, number>>[] = [
  { detention: 2.2, document_check: 1.3, workplace_raid: 1.5 },
  { detention: 1.8, document_check: 1.2, expulsion_order: 1.8 },
  { detention: 1.4, expulsion_order: 2.0, deportation: 1.5 },
  { expulsion_order: 1.5, deportation: 1.3 },
  { expulsion_order: 1.2 },
];

/** The day's volume against perDay, by days since the raid (before it: an ordinary week). */
const VOLUME_AFTER_RAID = [1.3, 1.2, 1.1, 1.02, 0.98];

// Moscow hours: quiet at night, busy from the morning rush until the evening.
const HOURS = [1, 1, 1, 1, 1, 2, 4, 6, 7, 8, 8, 8, 7, 7, 7, 7, 7, 7, 6, 5, 4, 3, 2, 1];

const CHANNELS: Readonly<Record<Channel, number>> = {
  hotline: 40,
  messenger: 35,
  walk_in: 7,
  email: 4,
  referral: 12,
  other: 2,
};

const NATIONALITIES: Readonly<Record<Nationality, number>> = { UZ: 45, TJ: 35, KG: 20 };

const REGIONS: Readonly<Record<string, { weight: number; cities: readonly string[] }>> = {
  Moscow: { weight: 42, cities: ['Moscow'] },
  'Moscow Oblast': {
    weight: 24,
    cities: [
      'Kotelniki',
      'Lyubertsy',
      'Balashikha',
      'Mytishchi',
      'Podolsk',
      'Khimki',
      'Krasnogorsk',
      'Odintsovo',
    ],
  },
  'St Petersburg': { weight: 11, cities: ['Saint Petersburg'] },
  'Leningrad Oblast': { weight: 3, cities: ['Kudrovo', 'Murino', 'Gatchina'] },
  'Sverdlovsk Oblast': { weight: 5, cities: ['Yekaterinburg'] },
  'Novosibirsk Oblast': { weight: 4, cities: ['Novosibirsk'] },
  'Republic of Tatarstan': { weight: 3, cities: ['Kazan'] },
  'Krasnodar Krai': { weight: 3, cities: ['Krasnodar', 'Sochi'] },
  'Samara Oblast': { weight: 2, cities: ['Samara', 'Tolyatti'] },
  'Krasnoyarsk Krai': { weight: 2, cities: ['Krasnoyarsk'] },
  // Intake did not get to ask: the report shows it as "not recorded".
  '': { weight: 1, cities: [] },
};

const LANGUAGES: Readonly<Record<Nationality, string>> = { TJ: 'tg', UZ: 'uz', KG: 'ky' };

// Invented, typical accounts; the service seals them under the person's key.
const SCENES: Readonly<Record<AppealType, { locations: readonly string[]; texts: readonly string[] }>> = {
  detention: {
    locations: ['metro station', 'street', 'construction site', 'market', 'dormitory', 'police station'],
    texts: [
      'Задержан при проверке документов, доставлен в отдел полиции; связи с ним нет.',
      'Detained during a document check and taken to the police station; relatives cannot reach him.',
      'Задержан после проверки телефона, держат в отделе больше трёх часов.',
      'Detained at work; police say a court hearing on expulsion is planned.',
    ],
  },
  document_check: {
    locations: ['metro station', 'street', 'train station', 'bus stop'],
    texts: [
      'Остановили для проверки документов и телефона, продержали два часа.',
      'Stopped for a passport and phone check for hours; patent and registration are valid.',
    ],
  },
  eviction: {
    locations: ['rented flat', 'dormitory'],
    texts: [
      'Хозяин квартиры выселяет после рейда, регистрация по адресу.',
      'Told to leave the flat within a day after a police visit.',
    ],
  },
  expulsion_order: {
    locations: ['district court'],
    texts: [
      'Суд назначил выдворение, постановление получено, нужна жалоба.',
      'Court ordered expulsion; the ruling was handed over and an appeal is needed.',
    ],
  },
  deportation: {
    locations: ['migration service', 'detention centre for foreigners'],
    texts: [
      'Решение о депортации, находится в центре временного содержания.',
      'Deportation decision served; held in a detention centre.',
    ],
  },
  entry_ban: {
    locations: ['airport', 'migration service'],
    texts: [
      'Узнал о запрете въезда при продлении патента.',
      'Learned of an entry ban when renewing the work patent.',
    ],
  },
  registration_cancelled: {
    locations: ['migration service', 'rented flat'],
    texts: [
      'Регистрацию аннулировали без объяснения причин.',
      'Registration at the address was cancelled without a reason given.',
    ],
  },
  workplace_raid: {
    locations: ['construction site', 'warehouse', 'market', 'food delivery hub'],
    texts: [
      'Рейд на стройке, рабочих увезли в отдел.',
      'Raid at the warehouse; workers taken away for checks.',
    ],
  },
  hate_violence: {
    locations: ['street', 'suburban train', 'courtyard'],
    texts: [
      'Избили на улице, оскорбляли по национальности.',
      'Beaten on the street by a group shouting ethnic slurs.',
    ],
  },
  labour_exploitation: {
    locations: ['construction site', 'warehouse', 'farm'],
    texts: [
      'Не платят зарплату третий месяц, паспорт у бригадира.',
      'Wages unpaid for two months; the employer threatens to call the police.',
    ],
  },
  document_confiscation: {
    locations: ['workplace', 'police station', 'dormitory'],
    texts: ['Паспорт забрали и не возвращают.', 'Passport taken by the employer and not returned.'],
  },
  other: {
    locations: ['phone call'],
    texts: ['Вопрос о продлении патента после проверки.', 'Question about the work patent after a check.'],
  },
  mvd_expulsion: {
    locations: ['migration office', 'police station'],
    texts: ['Решение МВД о выдворении без суда.', 'The Interior Ministry decided to expel him, no court.'],
  },
  controlled_persons_registry: {
    locations: ['bank', 'phone call'],
    texts: ['Внесли в реестр контролируемых лиц, банк заблокировал карту.', 'Put on the registry; the bank froze the card.'],
  },
};

/** Invents people; no phone number is handed out twice in one week. */
class People {
  private readonly phones = new Set<string>();

  constructor(private readonly random: Random) {}

  create(nationality: Nationality, spelling?: Spelling): Person {
    const r = this.random;
    const name = randomName(r, nationality);
    const year = r.chance(0.8) ? r.int(1982, 2004) : r.int(1966, 2006);
    let phone: string | null = null;
    if (r.chance(0.85)) {
      do phone = `+79${r.digits(9)}`;
      while (this.phones.has(phone));
      this.phones.add(phone);
    }
    return {
      name,
      spelling: spelling ?? firstSpelling(r, nationality),
      givenFirst: r.chance(0.15),
      dateOfBirth: r.chance(0.75) ? `${year}-${pad(r.int(1, 12))}-${pad(r.int(1, 28))}` : null,
      phone,
      passportNumber: r.chance(0.7) ? passportNumber(r, nationality) : null,
      language: r.chance(0.6) ? LANGUAGES[nationality] : 'ru',
    };
  }

  /** The same person written down again by someone else: another spelling, other fields known. */
  respelled(person: Person, keep: { passport: boolean; phone: boolean }): Person {
    const r = this.random;
    return {
      ...person,
      spelling: otherSpelling(r, person.name, person.spelling),
      givenFirst: r.chance(0.4),
      passportNumber: keep.passport ? person.passportNumber : null,
      phone: keep.phone ? person.phone : null,
    };
  }
}

const pad = (n: number) => String(n).padStart(2, '0');

function passportNumber(r: Random, nationality: Nationality): string {
  return { TJ: `40${r.digits(7)}`, UZ: `FA${r.digits(7)}`, KG: `AC${r.digits(7)}` }[nationality];
}

/** A minute of the day, drawn by the hourly profile. */
function minuteOfDay(r: Random, fromMinute = 0): number {
  const weights = Object.fromEntries(HOURS.map((w, h) => [String(h), h * 60 + 59 < fromMinute ? 0 : w]));
  const hour = Number(r.weighted(weights));
  return Math.max(fromMinute, hour * 60 + r.int(0, 59));
}

export function planWeek(options: WeekOptions): WeekPlan {
  const r = new Random(options.seed);
  const people = new People(r);
  const todayStart = Date.parse(`${moscowDate(options.now)}T00:00:00+03:00`);
  const dayStart = (d: number) => todayStart - (options.days - d) * DAY;
  const days = Array.from({ length: options.days }, (_, d) => moscowDate(new Date(dayStart(d))));
  const raidDay = Math.min(2, options.days - 1);
  const raidMinute = 5 * 60 + 40;

  type Draft = Omit<AppealPlan, 'seq'> | Omit<RaidPlan, 'seq'>;
  const drafts: Draft[] = [];
  /** Earlier appeals people may come back about: drafts index of a plan with a client record. */
  const returnable: number[] = [];

  const raidPeople = Array.from({ length: options.raidSize }, () =>
    people.create(
      r.weighted<Nationality>({ TJ: 55, UZ: 35, KG: 10 }),
      r.chance(0.7) ? 'russian' : 'passport',
    ),
  );
  const raidDraft = options.raidSize > 0 ? drafts.length : -1;
  if (options.raidSize > 0) {
    drafts.push({
      kind: 'raid',
      day: raidDay,
      occurredAt: new Date(dayStart(raidDay) + raidMinute * MINUTE),
      receivedAt: new Date(dayStart(raidDay) + (raidMinute + 40) * MINUTE),
      region: 'Moscow Oblast',
      city: 'Kotelniki',
      location: "workers' dormitory",
      description:
        "Dawn raid on a workers' dormitory by police and the migration service; residents detained and taken " +
        'to the police station, phones and passports collected.',
      people: raidPeople,
    });
  }

  for (let d = 0; d < options.days; d++) {
    const sinceRaid = d - raidDay;
    const volume = sinceRaid < 0 ? 1 + 0.02 * d : (VOLUME_AFTER_RAID[sinceRaid] ?? 1);
    const count = Math.round(options.perDay * volume);
    const minutes = Array.from({ length: count }, () => minuteOfDay(r)).sort((a, b) => a - b);
    for (const minute of minutes) {
      const receivedAt = new Date(dayStart(d) + minute * MINUTE);
      const afterRaid = sinceRaid > 0 || (sinceRaid === 0 && minute > raidMinute);
      const boost = afterRaid ? (AFTER_RAID[sinceRaid] ?? {}) : {};
      const weights = Object.fromEntries(
        Object.entries(BASE_TYPES).map(([type, w]) => [type, w * (boost[type as AppealType] ?? 1)]),
      ) as Record<AppealType, number>;
      const appealType = r.weighted(weights);

      // About one appeal in twenty-five is someone who already came this week.
      const earlierIndex = returnable.length > 50 && r.chance(0.04) ? r.pick(returnable.slice(0, -30)) : null;
      let client: AppealPlan['client'];
      let earlier: EarlierCase | null = null;
      if (earlierIndex !== null) {
        const before = drafts[earlierIndex] as Omit<AppealPlan, 'seq'> & {
          client: { kind: 'record'; person: Person };
        };
        earlier = { seq: earlierIndex };
        // Intake found them by name (clientId), or did not look and typed them in again.
        client = r.chance(0.5)
          ? { kind: 'id', of: earlierIndex }
          : {
              kind: 'record',
              person: people.respelled(before.client.person, { passport: false, phone: r.chance(0.3) }),
            };
      } else {
        client = { kind: 'record', person: people.create(r.weighted(NATIONALITIES)) };
      }
      drafts.push(appealDraft(r, d, receivedAt, appealType, client, earlier, null));
      if (earlierIndex === null) returnable.push(drafts.length - 1);
    }

    if (sinceRaid === 0 && options.raidSize > 0) {
      // Relatives call about the people taken in the raid, in the messenger spelling they use.
      for (const index of r.sample(
        raidPeople.map((_, i) => i),
        Math.round(options.raidSize * 0.35),
      )) {
        const person = people.respelled(raidPeople[index], { passport: false, phone: false });
        const receivedAt = new Date(dayStart(d) + minuteOfDay(r, raidMinute + 60) * MINUTE);
        drafts.push({
          ...appealDraft(
            r,
            d,
            receivedAt,
            'detention',
            { kind: 'record', person },
            { seq: raidDraft, index },
            raidDraft,
          ),
          channel: r.chance(0.6) ? 'messenger' : 'hotline',
        });
      }
    }
    if (sinceRaid === Math.min(1, options.days - 1 - raidDay) && options.raidSize > 0) {
      // Courts rule on expulsion for some of them the next day; the papers give the passport.
      for (const index of r.sample(
        raidPeople.map((_, i) => i),
        Math.round(options.raidSize * 0.3),
      )) {
        const person = {
          ...people.respelled(raidPeople[index], { passport: true, phone: false }),
          spelling: 'passport' as const,
        };
        const receivedAt = new Date(
          dayStart(d) + minuteOfDay(r, sinceRaid === 0 ? 16 * 60 : 10 * 60) * MINUTE,
        );
        const plan = appealDraft(
          r,
          d,
          receivedAt,
          'expulsion_order',
          { kind: 'record', person },
          { seq: raidDraft, index },
          raidDraft,
        );
        drafts.push({
          ...plan,
          channel: 'referral',
          decisionReceivedAt: new Date(receivedAt.getTime() - r.int(1, 4) * HOUR),
        });
      }
    }
  }

  // In the order things happened; the raid before the calls about it.
  const order = drafts.map((draft, index) => ({ draft, index }));
  order.sort((a, b) => a.draft.receivedAt.getTime() - b.draft.receivedAt.getTime() || a.index - b.index);
  const seqOf = new Map(order.map(({ index }, seq) => [index, seq]));
  const items = order.map(({ draft }, seq): Planned => {
    if (draft.kind === 'raid') return { ...draft, seq };
    return {
      ...draft,
      seq,
      client: draft.client.kind === 'id' ? { kind: 'id', of: seqOf.get(draft.client.of)! } : draft.client,
      earlier: draft.earlier && { ...draft.earlier, seq: seqOf.get(draft.earlier.seq)! },
      raidSeq: draft.raidSeq === null ? null : seqOf.get(draft.raidSeq)!,
    };
  });
  return { days, items, raidDay };
}

function appealDraft(
  r: Random,
  day: number,
  receivedAt: Date,
  appealType: AppealType,
  client: AppealPlan['client'],
  earlier: EarlierCase | null,
  raidSeq: number | null,
): Omit<AppealPlan, 'seq'> {
  const regionName = r.weighted(Object.fromEntries(Object.entries(REGIONS).map(([k, v]) => [k, v.weight])));
  const region = REGIONS[regionName];
  const scene = SCENES[appealType];
  let decisionReceivedAt: Date | null = null;
  if ((appealType === 'expulsion_order' || appealType === 'deportation') && r.chance(0.8)) {
    // Most come within a day or two of the ruling; a few come late, when the 10 days are nearly or already gone.
    const hoursBefore = r.chance(0.92) ? r.int(1, 36) : r.int(8 * 24, 12 * 24);
    decisionReceivedAt = new Date(receivedAt.getTime() - hoursBefore * HOUR);
  } else if (appealType === 'entry_ban' && r.chance(0.7)) {
    decisionReceivedAt = new Date(receivedAt.getTime() - r.int(1, 60) * DAY);
  }
  const channel =
    appealType === 'detention' ? r.weighted<Channel>({ ...CHANNELS, hotline: 55 }) : r.weighted(CHANNELS);
  return {
    kind: 'appeal',
    day,
    receivedAt,
    appealType,
    channel,
    urgency:
      appealType === 'labour_exploitation' && r.chance(0.1)
        ? 'high'
        : appealType === 'other' && r.chance(0.3)
          ? 'low'
          : null,
    incident: {
      occurredAt: new Date(receivedAt.getTime() - r.int(10, 240) * MINUTE),
      region: raidSeq !== null ? 'Moscow Oblast' : regionName || null,
      city: raidSeq !== null ? 'Kotelniki' : region.cities.length ? r.pick(region.cities) : null,
      location: raidSeq !== null ? "workers' dormitory" : r.pick(scene.locations),
      description: r.pick(scene.texts),
    },
    decisionReceivedAt,
    client,
    earlier,
    raidSeq,
  };
}

/** The JSON a client record is sent as. */
export function clientRecord(person: Person) {
  return {
    fullName: fullName(person.name, person.spelling, person.givenFirst),
    nationality: person.name.nationality,
    phone: person.phone,
    passportNumber: person.passportNumber,
    dateOfBirth: person.dateOfBirth,
    language: person.language,
  };
}
