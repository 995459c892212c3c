import type { RegionCode, RuRegionCode } from '../regions';

/**
 * Where "24:00 of the last day" is: the time zones of the subjects of the Russian Federation, as
 * IANA names (their offsets, past changes included, come from Intl). Russia spans eleven zones,
 * UTC+2 (Kaliningrad) to UTC+12 (Kamchatka, Chukotka). A subject spanning more than one zone
 * lists them all, its capital's first: a term is then counted in each and the earliest end is
 * kept, so it is never later than the law wherever in the subject the procedure runs.
 */
const MOSCOW = ['Europe/Moscow'];
const SAMARA = ['Europe/Samara'];
const YEKATERINBURG = ['Asia/Yekaterinburg'];
const KRASNOYARSK = ['Asia/Krasnoyarsk'];
const IRKUTSK = ['Asia/Irkutsk'];
const VLADIVOSTOK = ['Asia/Vladivostok'];

export const REGION_TIME_ZONES: Readonly<Record<RuRegionCode, readonly string[]>> = {
  // UTC+2
  'RU-KGD': ['Europe/Kaliningrad'],
  // UTC+3
  'RU-AD': MOSCOW,
  'RU-ARK': MOSCOW,
  'RU-BEL': MOSCOW,
  'RU-BRY': MOSCOW,
  'RU-CE': MOSCOW,
  'RU-CU': MOSCOW,
  'RU-DA': MOSCOW,
  'RU-IN': MOSCOW,
  'RU-IVA': MOSCOW,
  'RU-KB': MOSCOW,
  'RU-KC': MOSCOW,
  'RU-KDA': MOSCOW,
  'RU-KIR': ['Europe/Kirov'],
  'RU-KL': MOSCOW,
  'RU-KLU': MOSCOW,
  'RU-KO': MOSCOW,
  'RU-KOS': MOSCOW,
  'RU-KR': MOSCOW,
  'RU-KRS': MOSCOW,
  'RU-LEN': MOSCOW,
  'RU-LIP': MOSCOW,
  'RU-ME': MOSCOW,
  'RU-MO': MOSCOW,
  'RU-MOS': MOSCOW,
  'RU-MOW': MOSCOW,
  'RU-MUR': MOSCOW,
  'RU-NEN': MOSCOW,
  'RU-NGR': MOSCOW,
  'RU-NIZ': MOSCOW,
  'RU-ORL': MOSCOW,
  'RU-PNZ': MOSCOW,
  'RU-PSK': MOSCOW,
  'RU-ROS': MOSCOW,
  'RU-RYA': MOSCOW,
  'RU-SE': MOSCOW,
  'RU-SMO': MOSCOW,
  'RU-SPE': MOSCOW,
  'RU-STA': MOSCOW,
  'RU-TA': MOSCOW,
  'RU-TAM': MOSCOW,
  'RU-TUL': MOSCOW,
  'RU-TVE': MOSCOW,
  'RU-VGG': ['Europe/Volgograd'],
  'RU-VLA': MOSCOW,
  'RU-VLG': MOSCOW,
  'RU-VOR': MOSCOW,
  'RU-YAR': MOSCOW,
  // UTC+4
  'RU-AST': ['Europe/Astrakhan'],
  'RU-SAM': SAMARA,
  'RU-SAR': ['Europe/Saratov'],
  'RU-UD': SAMARA,
  'RU-ULY': ['Europe/Ulyanovsk'],
  // UTC+5
  'RU-BA': YEKATERINBURG,
  'RU-CHE': YEKATERINBURG,
  'RU-KGN': YEKATERINBURG,
  'RU-KHM': YEKATERINBURG,
  'RU-ORE': YEKATERINBURG,
  'RU-PER': YEKATERINBURG,
  'RU-SVE': YEKATERINBURG,
  'RU-TYU': YEKATERINBURG,
  'RU-YAN': YEKATERINBURG,
  // UTC+6
  'RU-OMS': ['Asia/Omsk'],
  // UTC+7
  'RU-AL': ['Asia/Barnaul'],
  'RU-ALT': ['Asia/Barnaul'],
  'RU-KEM': ['Asia/Novokuznetsk'],
  'RU-KK': KRASNOYARSK,
  'RU-KYA': KRASNOYARSK,
  'RU-NVS': ['Asia/Novosibirsk'],
  'RU-TOM': ['Asia/Tomsk'],
  'RU-TY': KRASNOYARSK,
  // UTC+8
  'RU-BU': IRKUTSK,
  'RU-IRK': IRKUTSK,
  // UTC+9 (Yakutia reaches UTC+10 and UTC+11 in its east)
  'RU-AMU': ['Asia/Yakutsk'],
  'RU-SA': ['Asia/Yakutsk', 'Asia/Ust-Nera', 'Asia/Srednekolymsk'],
  'RU-ZAB': ['Asia/Chita'],
  // UTC+10
  'RU-KHA': VLADIVOSTOK,
  'RU-PRI': VLADIVOSTOK,
  'RU-YEV': VLADIVOSTOK,
  // UTC+11
  'RU-MAG': ['Asia/Magadan'],
  'RU-SAK': ['Asia/Sakhalin'],
  // UTC+12
  'RU-CHU': ['Asia/Anadyr'],
  'RU-KAM': ['Asia/Kamchatka'],
};

/** One zone per offset, west to east: where a procedure may run when the region is not known. */
export const RUSSIAN_TIME_ZONES: readonly string[] = [
  'Europe/Kaliningrad',
  'Europe/Moscow',
  'Europe/Samara',
  'Asia/Yekaterinburg',
  'Asia/Omsk',
  'Asia/Novosibirsk',
  'Asia/Irkutsk',
  'Asia/Yakutsk',
  'Asia/Vladivostok',
  'Asia/Magadan',
  'Asia/Kamchatka',
];

/**
 * The zones a term may end in for a region code. An unknown region (`other`, null, a code from
 * before the list) could be anywhere in Russia: every zone, and the earliest end wins.
 */
export function timeZonesOf(region: RegionCode | string | null | undefined): readonly string[] {
  const zones = region ? (REGION_TIME_ZONES as Record<string, readonly string[]>)[region] : undefined;
  return zones ?? RUSSIAN_TIME_ZONES;
}
