/**
 * Realistic appeals: each one a different person (name, phone and passport unique across a
 * run), names in Cyrillic and Latin as intake staff type them, a mix of appeal types, channels
 * and regions close to what a hotline sees after raids.
 */

const SURNAMES = [
  'Рахимов',
  'Каримов',
  'Назаров',
  'Юсупов',
  'Саидов',
  'Шарипов',
  'Хасанов',
  'Мирзоев',
  'Абдуллаев',
  'Исмоилов',
  'Турсунов',
  'Давлатов',
  'Холматов',
  'Эргашев',
  'Усмонов',
  'Бобоев',
  'Қодиров',
  'Ҷӯраев',
  'Алиев',
  'Раджабов',
  'Сафаров',
  'Латипов',
  'Нуриддинов',
  'Шукуров',
  'Файзуллоев',
  'Зокиров',
  'Иброгимов',
  'Кенжаев',
  'Маматов',
  'Токтогулов',
  'Асанов',
  'Жумабеков',
  'Осмонов',
  'Бакиров',
  'Rakhimov',
  'Karimov',
  'Nazarov',
  'Yusupov',
  'Saidov',
  'Sharipov',
  'Khasanov',
  'Mirzoev',
  'Abdullaev',
  'Ismoilov',
  'Tursunov',
  'Davlatov',
  'Kholmatov',
  'Ergashev',
  'Usmonov',
  'Boboev',
  'Juraev',
  'Aliev',
  'Radjabov',
  'Safarov',
  'Latipov',
  'Nuriddinov',
  'Shukurov',
  'Zokirov',
  'Kenjaev',
  'Mamatov',
];
const GIVEN = [
  'Фаррух',
  'Бахтиёр',
  'Шохрух',
  'Алишер',
  'Дилшод',
  'Рустам',
  'Фирдавс',
  'Умед',
  'Сухроб',
  'Джамшед',
  'Азиз',
  'Нодир',
  'Улугбек',
  'Санжар',
  'Бекзод',
  'Мухаммад',
  'Абдулло',
  'Комил',
  'Исломбек',
  'Эркин',
  'Азамат',
  'Нурлан',
  'Данияр',
  'Айбек',
  'Мирлан',
  'Зарина',
  'Мадина',
  'Нигора',
  'Гульнора',
  'Шахноза',
  'Farrukh',
  'Bakhtiyor',
  'Shokhrukh',
  'Alisher',
  'Dilshod',
  'Rustam',
  'Firdavs',
  'Umed',
  'Sukhrob',
  'Jamshed',
  'Aziz',
  'Nodir',
  'Ulugbek',
  'Sanjar',
  'Bekzod',
  'Muhammad',
  'Abdullo',
  'Islombek',
  'Erkin',
  'Azamat',
  'Nurlan',
  'Daniyar',
  'Aibek',
  'Mirlan',
  'Zarina',
  'Madina',
  'Nigora',
  'Gulnora',
  'Shakhnoza',
  'Otabek',
];
const PATRONYMICS = [
  'Рахимович',
  'Каримович',
  'Алиевич',
  'Саидович',
  'Шарипович',
  'Хасанович',
  'Мирзоевич',
  'Юсупович',
  'Назарович',
  'Турсунович',
  'Давлатович',
  'Эргашевич',
  'Усмонович',
  'Бобоевич',
  'Абдуллаевич',
  'Исмоилович',
  'Холматович',
  'Сафарович',
  'Латипович',
  'Зокирович',
  'Rakhimovich',
  'Karimovich',
  'Alievich',
  'Saidovich',
  'Sharipovich',
  'Khasanovich',
  'Mirzoevich',
  'Yusupovich',
  'Nazarovich',
  'Tursunovich',
  'ugli',
  'kizi',
  'uulu',
  'Davlatovich',
  'Ergashevich',
  'Usmonovich',
  'Boboevich',
  'Abdullaevich',
  'Ismoilovich',
  'Safarovich',
];
const NATIONALITIES = ['TJ', 'TJ', 'TJ', 'UZ', 'UZ', 'UZ', 'KG', 'KG', 'KZ', 'AZ', 'AM', 'MD'];
const LANGUAGES: Record<string, string> = {
  TJ: 'tg',
  UZ: 'uz',
  KG: 'ky',
  KZ: 'kk',
  AZ: 'az',
  AM: 'hy',
  MD: 'ro',
};
const PLACES = [
  ['Moscow', 'Moscow', 'dormitory'],
  ['Moscow Oblast', 'Kotelniki', 'dormitory'],
  ['Moscow Oblast', 'Lyubertsy', 'construction site'],
  ['Moscow Oblast', 'Balashikha', 'market'],
  ['Saint Petersburg', 'Saint Petersburg', 'metro station'],
  ['Leningrad Oblast', 'Murino', 'warehouse'],
  ['Sverdlovsk Oblast', 'Yekaterinburg', 'street'],
  ['Novosibirsk Oblast', 'Novosibirsk', 'police station'],
  ['Tatarstan', 'Kazan', 'workplace'],
  ['Krasnodar Krai', 'Krasnodar', 'bus station'],
];
/** Weighted towards what raids bring: detentions and document checks first. */
const TYPES = [
  'detention',
  'detention',
  'detention',
  'detention',
  'document_check',
  'document_check',
  'document_check',
  'workplace_raid',
  'workplace_raid',
  'eviction',
  'expulsion_order',
  'expulsion_order',
  'deportation',
  'entry_ban',
  'registration_cancelled',
  'hate_violence',
  'labour_exploitation',
  'document_confiscation',
  'other',
];
const CHANNELS = ['hotline', 'hotline', 'hotline', 'messenger', 'messenger', 'walk_in', 'email', 'referral'];
const URGENCIES = ['critical', 'high', 'high', 'normal', 'normal', 'low'];
const ACCOUNTS = [
  'Задержан во время рейда в общежитии, сотрудники забрали паспорт и телефон, родственники не знают, куда его увезли.',
  'Detained at the workplace during a document check; officers said the patent was invalid although it was paid last month.',
  'Остановили у метро, проверка документов длилась больше трёх часов, составили протокол по статье 18.8 КоАП.',
  'The landlord told the family to leave the flat within a day after the police visit; two children live there.',
  'Получил постановление суда о выдворении, копию вручили на русском языке без переводчика, просит помочь обжаловать.',
  'Registration was cancelled by the migration office without notice; the employer stopped paying wages since then.',
  'Избили на улице группой, вызвали полицию, но заявление отказались принимать и предложили «не поднимать шум».',
  'Brought to the police station with twenty other workers from the construction site, held overnight without food.',
];

export interface AppealOptions {
  /** The n-th person of the run: makes name, phone and passport unique. */
  n: number;
  /** A seed so two runs (or warm-up and load) don't collide. */
  run: number;
  now?: Date;
}

function pick<T>(list: readonly T[], i: number): T {
  return list[((i % list.length) + list.length) % list.length];
}

/** A full name unique for n < SURNAMES × GIVEN × PATRONYMICS (144,000) within a run. */
function uniqueName(n: number): string {
  const surname = pick(SURNAMES, n);
  const given = pick(GIVEN, Math.floor(n / SURNAMES.length));
  const patronymic = pick(PATRONYMICS, Math.floor(n / (SURNAMES.length * GIVEN.length)));
  return `${surname} ${given} ${patronymic}`;
}

export function appealBody({ n, run, now = new Date() }: AppealOptions): Record<string, unknown> {
  const nationality = pick(NATIONALITIES, n * 7 + run);
  const [region, city, location] = pick(PLACES, n * 3 + run);
  const appealType = pick(TYPES, n * 5 + run);
  const receivedAt = new Date(now.getTime() - ((n * 37) % 3600) * 1000);
  const occurredAt = new Date(receivedAt.getTime() - ((n * 53) % 7200) * 1000);
  const serial = String(n).padStart(6, '0');
  const runCode = String(run % 1000).padStart(3, '0');
  return {
    appealType,
    channel: pick(CHANNELS, n * 11 + run),
    receivedAt: withOffset(receivedAt),
    urgency: n % 4 === 0 ? null : pick(URGENCIES, n * 13 + run),
    client: {
      // Runs take names from different stretches of the 144,000: a load never meets the history.
      fullName: uniqueName(n + (run % 8) * 18_000),
      nationality,
      phone: `+79${runCode.slice(0, 2)}${serial}${runCode.slice(2)}`.slice(0, 12),
      passportNumber: `${nationality === 'TJ' ? '4' : nationality === 'UZ' ? 'FA' : 'AC'}${runCode}${serial}`,
      dateOfBirth: `${1970 + (n % 35)}-${String((n % 12) + 1).padStart(2, '0')}-${String((n % 28) + 1).padStart(2, '0')}`,
      language: LANGUAGES[nationality],
    },
    incident: {
      occurredAt: withOffset(occurredAt),
      region,
      city,
      location,
      description: `${pick(ACCOUNTS, n + run)} ${pick(ACCOUNTS, n * 3 + 1)}`,
    },
    decisionReceivedAt:
      appealType === 'expulsion_order' || appealType === 'deportation' || appealType === 'entry_ban'
        ? withOffset(new Date(receivedAt.getTime() - 86_400_000))
        : null,
    incidentId: null,
  };
}

/** Moscow time, as intake staff there would send it. */
function withOffset(date: Date): string {
  const local = new Date(date.getTime() + 3 * 3600_000);
  return `${local.toISOString().slice(0, 19)}+03:00`;
}
