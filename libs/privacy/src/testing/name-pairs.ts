import { bgn, icao, soviet, uzbekLatin } from './transliteration';

/**
 * A labelled set of name pairs, same person or different people, built for measuring the name
 * matching (`npm run bench -- names`, and the goals in name-matching.spec.ts). Written by hand
 * from how Russian records, passports (ICAO), older registers, Tajik, Uzbek and Kyrgyz documents
 * write these names, plus generated transliterations and typos of a list of Russian-record names.
 *
 * Dates of birth follow one pattern over every category, as intake sees them: half the pairs have
 * one on both sides, a quarter on one side only, a quarter on neither. Same person: the same date;
 * different people: different dates.
 */

export interface NamedPerson {
  fullName: string;
  dateOfBirth?: string;
}

export interface LabelledPair {
  category: string;
  samePerson: boolean;
  a: NamedPerson;
  b: NamedPerson;
}

/** Typos are kept apart from the spelling categories: their goal is lower. */
export const TYPO_CATEGORIES = new Set(['typo']);

// Russian-record names: surname, given name, patronymic.
// prettier-ignore
const RUSSIAN_RECORDS: ReadonlyArray<readonly [string, string, string]> = [
  ['Рахимов', 'Фаррух', 'Рустамович'], ['Каримов', 'Азиз', 'Бахтиёрович'],
  ['Юсупов', 'Шерзод', 'Алишерович'], ['Ёкубов', 'Ильёс', 'Махмадович'],
  ['Джураев', 'Баходур', 'Саидович'], ['Хасанов', 'Умед', 'Джамшедович'],
  ['Назаров', 'Фирдавс', 'Хайруллоевич'], ['Шарипов', 'Далер', 'Исмоилович'],
  ['Мирзоев', 'Ёдгор', 'Файзуллоевич'], ['Султанов', 'Жасур', 'Икромович'],
  ['Турсунов', 'Бекзод', 'Фарходович'], ['Абдуллаев', 'Хуршед', 'Назарович'],
  ['Сафаров', 'Джамшед', 'Шарифович'], ['Исмоилов', 'Сухроб', 'Рахматович'],
  ['Холматов', 'Уктам', 'Эргашевич'], ['Юлдашев', 'Йигитали', 'Бахромович'],
  ['Тошматов', 'Шохрух', 'Абдурахмонович'], ['Кодиров', 'Илхом', 'Ахмадович'],
  ['Асанов', 'Бакыт', 'Мамытович'], ['Жумабеков', 'Нурлан', 'Асанович'],
  ['Токтосунов', 'Эрлан', 'Кубанычбекович'], ['Ибрагимов', 'Саидали', 'Рахимович'],
  ['Гафуров', 'Зафар', 'Умарович'], ['Нуриддинов', 'Алишер', 'Ёрович'],
  ['Хамидов', 'Мухаммадали', 'Юсуфович'], ['Мамадалиев', 'Акмал', 'Турсунович'],
  ['Усмонов', 'Абдулазиз', 'Шавкатович'], ['Эргашев', 'Достон', 'Бахтиёрович'],
  ['Хайдаров', 'Сардор', 'Ильхомович'], ['Олимов', 'Рустам', 'Самадович'],
  ['Зокиров', 'Шахзод', 'Мурадович'], ['Курбанов', 'Фаридун', 'Назриевич'],
  ['Давлатов', 'Мехроб', 'Хусейнович'], ['Бобоев', 'Анвар', 'Юнусович'],
  ['Саидов', 'Юнус', 'Абдуллоевич'], ['Рузиев', 'Хусан', 'Наимович'],
  ['Файзиев', 'Ахрор', 'Якубович'], ['Махмудов', 'Исломжон', 'Хакимович'],
  ['Ахмедов', 'Илёс', 'Олимович'], ['Худойбердиев', 'Ойбек', 'Тулкинович'],
  ['Шодиев', 'Нодир', 'Рашидович'], ['Валиев', 'Зиёвуддин', 'Хамроевич'],
  ['Алимов', 'Фаррух', 'Азизович'], ['Мусаев', 'Комрон', 'Салимович'],
  ['Кенжаев', 'Элёр', 'Шухратович'], ['Рашидов', 'Абдурашид', 'Маъруфович'],
  ['Тагаев', 'Асъад', 'Камолович'], ['Пулатов', 'Жахонгир', 'Эркинович'],
  ['Набиев', 'Муродали', 'Шамсиевич'], ['Сатторов', 'Умар', 'Гайратович'],
  ['Мадаминов', 'Ёкубжон', 'Абдувалиевич'], ['Эшонов', 'Шухрат', 'Вохидович'],
  ['Абдурахмонов', 'Сиёвуш', 'Джалолович'], ['Нематов', 'Бехруз', 'Хасанович'],
  ['Тошев', 'Азамат', 'Бекмуродович'], ['Ниязов', 'Ислом', 'Юсупович'],
  ['Усенов', 'Мирлан', 'Бакытбекович'], ['Осмонов', 'Талант', 'Жолдошбекович'],
  ['Кадыров', 'Хуснидин', 'Абдуллаевич'], ['Йулдошев', 'Ёдгор', 'Бахтиёрович'],
];

// Russian-record spelling beside Tajik, Uzbek or Kyrgyz Cyrillic of the same person.
// prettier-ignore
const NATIONAL_CYRILLIC: ReadonlyArray<readonly [string, string]> = [
  ['Джураев Баходур', 'Ҷӯраев Баҳодур'], ['Рахимов Фаррух', 'Раҳимов Фаррух'],
  ['Гафуров Зафар', 'Ғафуров Зафар'], ['Кодиров Илхом', 'Қодиров Илҳом'],
  ['Холматов Уктам', 'Холматов Ўктам'], ['Тошматов Шохрух', 'Тошматов Шоҳрух'],
  ['Хамидов Мухаммадали', 'Ҳамидов Муҳаммадалӣ'], ['Курбанов Фаридун', 'Қурбонов Фаридун'],
  ['Зокиров Шахзод', 'Зокиров Шаҳзод'], ['Давлатов Мехроб', 'Давлатов Меҳроб'],
  ['Рузиев Хусан', 'Рӯзиев Ҳусан'], ['Пулатов Жахонгир', 'Пўлатов Жаҳонгир'],
  ['Омурбеков Тынычбек', 'Өмүрбеков Тынычбек'], ['Усенов Мирлан', 'Үсөнов Мирлан'],
  ['Эргашев Достон', 'Эргашев Дўстон'], ['Нурматов Улугбек', 'Нурматов Улуғбек'],
  ['Хайдаров Сардор', 'Ҳайдаров Сардор'], ['Шукуров Гайрат', 'Шукуров Ғайрат'],
  ['Абдурахмонов Сиёвуш', 'Абдураҳмонов Сиёвуш'], ['Джалилов Джамшед', 'Ҷалилов Ҷамшед'],
  ['Курбонов Фарход', 'Қурбонов Фарҳод'], ['Ходжиев Умед', 'Хоҷиев Умед'],
  ['Хусейнов Мухаммад', 'Ҳусейнов Муҳаммад'], ['Тураев Тохир', 'Тўраев Тоҳир'],
  ['Юлдашев Бахром', 'Йўлдошев Баҳром'], ['Кучкаров Азамат', 'Қўчқоров Азамат'],
  ['Шамсиддинов Фируз', 'Шамсиддинов Фирӯз'], ['Азимов Иброхим', 'Азимов Иброҳим'],
  ['Рахмонов Мирзо', 'Раҳмонов Мирзо'], ['Бобожонов Сухроб', 'Бобожонов Суҳроб'],
  ['Толибов Шухрат', 'Толибов Шуҳрат'], ['Жураев Шерали', 'Жўраев Шерали'],
  ['Махкамов Баходир', 'Маҳкамов Баҳодир'], ['Ортиков Зокир', 'Ортиқов Зокир'],
  ['Рахматуллаев Ислом', 'Раҳматуллоев Ислом'], ['Ашуров Мансур', 'Ашӯров Мансур'],
  ['Сыдыков Чынгыз', 'Сыдыков Чыңгыз'], ['Турдубаев Канат', 'Турдубаев Қанат'],
];

// Russian-record spelling beside the Uzbek Cyrillic one, whose Uzbek Latin form is generated.
// prettier-ignore
const UZBEK_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Холматов Уктам', 'Холматов Ўктам'], ['Тошматов Шохрух', 'Тошматов Шоҳрух'],
  ['Гафуров Зафар', 'Ғафуров Зафар'], ['Кодиров Илхом', 'Қодиров Илҳом'],
  ['Юлдашев Йигитали', 'Йўлдошев Йигитали'], ['Эргашев Достон', 'Эргашев Дўстон'],
  ['Пулатов Жахонгир', 'Пўлатов Жаҳонгир'], ['Хайдаров Сардор', 'Ҳайдаров Сардор'],
  ['Махмудов Исломжон', 'Маҳмудов Исломжон'], ['Ахмедов Илёс', 'Аҳмедов Илёс'],
  ['Кенжаев Элёр', 'Кенжаев Элёр'], ['Мамадалиев Акмал', 'Мамадалиев Акмал'],
  ['Нуриддинов Алишер', 'Нуриддинов Алишер'], ['Усмонов Абдулазиз', 'Усмонов Абдулазиз'],
  ['Шукуров Гайрат', 'Шукуров Ғайрат'], ['Нурматов Улугбек', 'Нурматов Улуғбек'],
  ['Тураев Тохир', 'Тўраев Тоҳир'], ['Кучкаров Азамат', 'Қўчқоров Азамат'],
  ['Махкамов Баходир', 'Маҳкамов Баҳодир'], ['Ортиков Зокир', 'Ортиқов Зокир'],
  ['Рахматуллаев Ислом', 'Раҳматуллаев Ислом'], ['Худойбердиев Ойбек', 'Худойбердиев Ойбек'],
  ['Хамидов Мухаммадали', 'Ҳамидов Муҳаммадали'], ['Жураев Шерали', 'Жўраев Шерали'],
  ['Эшонов Шухрат', 'Эшонов Шуҳрат'], ['Мадаминов Ёкубжон', 'Мадаминов Ёқубжон'],
  ['Халилов Хуршид', 'Халилов Хуршид'], ['Файзиев Ахрор', 'Файзиев Аҳрор'],
  ['Зиёев Бобур', 'Зиёев Бобур'], ['Саидов Юнус', 'Саидов Юнус'],
  ['Туйчиев Фаррух', 'Тўйчиев Фаррух'], ['Очилов Голиб', 'Очилов Ғолиб'],
  ['Исмоилов Жахонгир', 'Исмоилов Жаҳонгир'], ['Юсупов Шерзод', 'Юсупов Шерзод'],
  ['Абдуллаев Хуршид', 'Абдуллаев Хуршид'],
];

// A Russian-style surname beside the Tajik form the person took later (-зода, -ӣ, -ён, none).
// prettier-ignore
const TAJIK_SURNAMES: ReadonlyArray<readonly [string, string]> = [
  ['Каримов Азиз', 'Каримзода Азиз'], ['Шарифов Далер', 'Шарифӣ Далер'],
  ['Рахимов Фаррух', 'Раҳимзода Фаррух'], ['Рахмонов Эмомали', 'Раҳмон Эмомалӣ'],
  ['Назаров Фирдавс', 'Назарзода Фирдавс'], ['Сафаров Джамшед', 'Сафарзода Ҷамшед'],
  ['Давлатов Мехроб', 'Давлатзода Меҳроб'], ['Курбанов Фаридун', 'Қурбонзода Фаридун'],
  ['Холов Абдурахим', 'Холзода Абдураҳим'], ['Саидов Юнус', 'Saidzoda Yunus'],
  ['Мирзоев Ёдгор', 'Мирзозода Ёдгор'], ['Олимов Рустам', 'Олимӣ Рустам'],
  ['Юсупов Шерзод', 'Юсуфзода Шерзод'], ['Бобоев Анвар', 'Бобозода Анвар'],
  ['Хайдаров Сардор', 'Ҳайдарзода Сардор'], ['Исмоилов Сухроб', 'Исмоилзода Суҳроб'],
  ['Файзиев Ахрор', 'Файзӣ Аҳрор'], ['Шодиев Нодир', 'Шодӣ Нодир'],
  ['Набиев Муродали', 'Набиён Муродалӣ'], ['Азимов Иброхим', 'Азимзода Иброҳим'],
  ['Султанов Жасур', 'Султонзода Ҷасур'], ['Зокиров Шахзод', 'Зокирзода Шаҳзод'],
  ['Гафуров Зафар', 'Ғафурзода Зафар'], ['Хамидов Мухаммадали', 'Ҳамидӣ Муҳаммадалӣ'],
  ['Махмудов Исломжон', 'Маҳмудзода Исломҷон'], ['Умаров Далер', 'Умарзода Далер'],
  ['Рашидов Абдурашид', 'Рашидзода Абдурашид'], ['Джалилов Джамшед', 'Ҷалилзода Ҷамшед'],
  ['Кодиров Илхом', 'Қодирӣ Илҳом'], ['Латипов Фаридун', 'Latifzoda Faridun'],
  ['Karimov Aziz', 'Karimzoda Aziz'], ['Sharipov Daler', 'Sharifi Daler'],
  ['Каримова Дилноза', 'Каримзода Дилноза'], ['Рахимова Мехрангез', 'Раҳимӣ Меҳрангез'],
];

// Kyrgyz: Russian-style surnames beside "father's name + uulu/kyzy", and Kyrgyz letters.
// prettier-ignore
const KYRGYZ: ReadonlyArray<readonly [string, string]> = [
  ['Асанов Бакыт', 'Бакыт Асан уулу'], ['Жумабеков Нурлан', 'Нурлан Жумабек уулу'],
  ['Токтосунов Эрлан', 'Эрлан Токтосун уулу'], ['Омурбеков Тынычбек', 'Өмүрбеков Тынычбек'],
  ['Усенов Мирлан', 'Үсөнов Мирлан'], ['Сыдыков Чынгыз', 'Сыдыков Чыңгыз'],
  ['Мамытова Айгуль', 'Айгүл Мамыт кызы'], ['Осмонов Талант', 'Талант Осмон уулу'],
  ['Бекмуратов Айбек', 'Айбек Бекмурат уулу'], ['Кубанычбеков Азамат', 'Azamat Kubanychbek uulu'],
  ['Абдыкадыров Эрмек', 'Эрмек Абдыкадыр уулу'], ['Токтогулов Адилет', 'Adilet Toktogul uulu'],
  ['Исаков Мирбек', 'Mirbek Isakov'], ['Жолдошбеков Нурбек', 'Нурбек Жолдошбек уулу'],
  ['Сатыбалдиев Бекжан', 'Bekzhan Satybaldiev'], ['Эсенова Жылдыз', 'Жылдыз Эсен кызы'],
  ['Турдубаев Канат', 'Kanat Turdubaev'], ['Кенжебаев Медет', 'Медет Кенжебай уулу'],
  ['Алымкулов Улан', 'Улан Алымкул уулу'], ['Бообеков Нурсултан', 'Nursultan Boobekov'],
  ['Мамбетов Уланбек', 'Уланбек Мамбет уулу'], ['Чолпонбаев Айбек', 'Айбек Чолпонбаев'],
  ['Шаршеналиева Айпери', 'Айпери Шаршеналы кызы'], ['Качкынбаев Эрлан', 'Erlan Kachkynbaev'],
  ['Абдраимов Кубат', 'Кубат Абдраим уулу'],
];

// prettier-ignore
const HYPHENS_AND_APOSTROPHES: ReadonlyArray<readonly [string, string]> = [
  ['Абдул-Азиз Каримов', 'Абдулазиз Каримов'], ['Абдул Азиз Каримов', 'Абдулазиз Каримов'],
  ['Абдул Азиз Каримов', 'Абдул-Азиз Каримов'], ["G'ayrat Shukurov", 'Gayrat Shukurov'],
  ['Gʻayrat Shukurov', "G'ayrat Shukurov"], ["O'ktam Xolmatov", 'Oʻktam Xolmatov'],
  ["O'ktam Xolmatov", 'Oktam Xolmatov'], ['Муҳаммад-Али Ҳамидов', 'Мухаммадали Хамидов'],
  ['Muhammad Ali Hamidov', 'Muhammadali Hamidov'], ['Абду-Рахим Холов', 'Абдурахим Холов'],
  ['Abdu Rahim Kholov', 'Abdurakhim Kholov'], ['Нур-Мухаммад Саидов', 'Нурмухаммад Саидов'],
  ['Абдул Карим Рахимов', 'Abdulkarim Rakhimov'], ['Маъруф Рашидов', 'Маруф Рашидов'],
  ["Ma'ruf Rashidov", 'Maruf Rashidov'], ['Асъад Тагаев', 'Асад Тагаев'],
  ["Qo'chqorov Azamat", 'Qochqorov Azamat'], ["To'raev Tohir", 'Toraev Tohir'],
  ['Абдусамад Олимов', 'Абду-Самад Олимов'], ['Ulug‘bek Nurmatov', "Ulug'bek Nurmatov"],
  ['Ulugʼbek Nurmatov', 'Ulugbek Nurmatov'], ['Ойбек Худой-Бердиев', 'Ойбек Худойбердиев'],
  ['Сайфуддин Шамсиддинов', 'Сайф-уд-Дин Шамсиддинов'], ['Нуриддин Хамидов', 'Нур-ид-Дин Хамидов'],
  ['Hoji-Akbar Turajonzoda', 'Hojiakbar Turajonzoda'], ['Abdulla-Khoja Ergashev', 'Abdullakhoja Ergashev'],
];

// Ё written Е (ICAO), YO or JO; Ъ written IE; Й at a word's start written I.
// prettier-ignore
const YO_AND_SIGNS: ReadonlyArray<readonly [string, string]> = [
  ['Мирзоев Ёдгор', 'MIRZOEV EDGOR'], ['Ахмедов Ильёс', 'AKHMEDOV ILES'],
  ['Ёкубов Ильёс', 'EKUBOV ILES'], ['Ёрматов Ёдгор', 'Yormatov Yodgor'],
  ['Ёрматов Ёдгор', 'ERMATOV EDGOR'], ['Yormatov Yodgor', 'ERMATOV EDGOR'],
  ['Элёр Кенжаев', 'ELER KENZHAEV'], ['Элёр Кенжаев', 'Elyor Kenjaev'],
  ['Зиёев Бобур', 'ZIEEV BOBUR'], ['Зиёев Бобур', 'Ziyoev Bobur'],
  ['Сиёвуш Абдурахмонов', 'SIEVUSH ABDURAKHMONOV'], ['Сиёвуш Абдурахмонов', 'Siyovush Abdurakhmonov'],
  ['Асъад Тагаев', 'ASIEAD TAGAEV'], ['Маъруф Рашидов', 'MAIERUF RASHIDOV'],
  ['Йигитали Юлдашев', 'IIGITALI IULDASHEV'], ['Йигитали Юлдашев', 'Yigitali Yuldashev'],
  ['Йулдошев Ёдгор', 'IULDOSHEV EDGOR'], ['Йулдошев Ёдгор', 'Yuldoshev Yodgor'],
  ['Ёкубжон Мадаминов', 'Yokubjon Madaminov'], ['Ёкубжон Мадаминов', 'EKUBZHON MADAMINOV'],
  ['Ёқубжон Мадаминов', 'Ёкубжон Мадаминов'], ['Семёнов Алексей', 'SEMENOV ALEKSEI'],
  ['Фёдоров Артём', 'FEDOROV ARTEM'], ['Ёрова Гулчеҳра', 'EROVA GULCHEKHRA'],
  ['Ёдгоров Шохрух', 'Jodgorov Shokhrukh'],
];

// Different people with close names: the names differ, or are one name's variants.
// prettier-ignore
const CLOSE_NAMES: ReadonlyArray<readonly [string, string]> = [
  ['Хасан Рузиев', 'Хусан Рузиев'], ['Hasan Karimov', 'Husan Karimov'],
  ['Рахимов Фаррух', 'Рашидов Фаррух'], ['Алиев Азиз', 'Алимов Азиз'],
  ['Азизов Азам', 'Азизов Азим'], ['Каримов Азиз', 'Каримов Азим'],
  ['Умаров Далер', 'Амиров Далер'], ['Юсупов Шерзод', 'Юнусов Шерзод'],
  ['Фарход Назаров', 'Фаррух Назаров'], ['Фарид Сафаров', 'Фируз Сафаров'],
  ['Шахзод Зокиров', 'Шерзод Зокиров'], ['Бехруз Нематов', 'Бахром Нематов'],
  ['Илхом Кодиров', 'Ислом Кодиров'], ['Сардор Хайдаров', 'Сарвар Хайдаров'],
  ['Мансур Ашуров', 'Мансур Ашурбеков'], ['Далер Шарипов', 'Далер Шукуров'],
  ['Анвар Бобоев', 'Анвар Бабаев'], ['Нурлан Жумабеков', 'Нурбек Жумабеков'],
  ['Мирлан Усенов', 'Мирбек Усенов'], ['Айбек Бекмуратов', 'Айдар Бекмуратов'],
  ['Ислом Ниязов', 'Ислам Ниязов'], ['Умед Хасанов', 'Умед Хусанов'],
  ['Азамат Тошев', 'Азамат Тошов'], ['Элёр Кенжаев', 'Элбек Кенжаев'],
  ['Достон Эргашев', 'Дилшод Эргашев'], ['Жасур Султанов', 'Жахонгир Султанов'],
  ['Зафар Гафуров', 'Зариф Гафуров'], ['Комрон Мусаев', 'Камол Мусаев'],
  ['Нодир Шодиев', 'Надир Шодиев'], ['Ахрор Файзиев', 'Ахмад Файзиев'],
  ['Рахимова Дилноза', 'Рахимов Дилшод'], ['Каримова Мадина', 'Каримов Мухаммад'],
];

// prettier-ignore
const OTHER_PATRONYMICS = [
  'Бахтиёрович', 'Рустамович', 'Шарифович', 'Азизович', 'Умарович', 'Хасанович', 'Назарович',
  'Икромович', 'Саидович', 'Олимович',
];

// prettier-ignore
const OTHER_GIVEN = ['Бахром', 'Дилшод', 'Тимур', 'Собир', 'Мансур', 'Кахрамон', 'Равшан', 'Сайфулло'];

/** Letters a hurried typist swaps for each other (neighbours on the Russian layout, or by ear). */
// prettier-ignore
const SLIPS: Readonly<Record<string, string>> = {
  р: 'п', п: 'р', н: 'м', м: 'н', т: 'ь', с: 'з', з: 'с', д: 'т', к: 'г', г: 'к', б: 'п', в: 'ф',
  ш: 'щ', л: 'д', ж: 'э', х: 'ъ', ф: 'в', й: 'ц', ч: 'я', ц: 'у',
};

function slipConsonant(word: string, nth: number): string {
  const letters = [...word];
  const positions = letters.flatMap((ch, i) => (SLIPS[ch] && i > 0 ? [i] : []));
  if (positions.length === 0) return word;
  const at = positions[nth % positions.length];
  letters[at] = SLIPS[letters[at]];
  return letters.join('');
}

/** One slip of the hand, five kinds in turn: a wrong letter, a dropped one, two swapped, one added. */
function typo(name: string, i: number): string {
  const [surname, given] = name.split(' ');
  switch (i % 5) {
    case 0:
      return `${slipConsonant(surname, i)} ${given}`;
    case 1: {
      const at = 1 + (i % (given.length - 2));
      return `${surname} ${given.slice(0, at)}${given.slice(at + 1)}`;
    }
    case 2: {
      const at = 1 + (i % (surname.length - 3));
      return `${surname.slice(0, at)}${surname[at + 1]}${surname[at]}${surname.slice(at + 2)} ${given}`;
    }
    case 3:
      return `${surname} ${slipConsonant(given, i)}`;
    default: {
      const at = 2 + (i % (surname.length - 3));
      return `${surname.slice(0, at)}${'нрл'[i % 3]}${surname.slice(at)} ${given}`;
    }
  }
}

function dateOfBirth(n: number): string {
  const day = 1 + (n % 28);
  const month = 1 + ((n * 7) % 12);
  return `${1960 + (n % 45)}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Half with a date on both sides, a quarter on one side, a quarter on neither. */
function withDates(category: string, samePerson: boolean, a: string, b: string, i: number): LabelledPair {
  const first = dateOfBirth(i * 13 + 5);
  const second = samePerson ? first : dateOfBirth(i * 13 + 11);
  const slot = i % 4;
  return {
    category,
    samePerson,
    a: { fullName: a, ...(slot <= 2 ? { dateOfBirth: first } : {}) },
    b: { fullName: b, ...(slot <= 1 ? { dateOfBirth: second } : {}) },
  };
}

function pairs(category: string, samePerson: boolean, rows: ReadonlyArray<readonly [string, string]>) {
  return rows.map(([a, b], i) => withDates(category, samePerson, a, b, i));
}

export function labelledPairs(): LabelledPair[] {
  const records = RUSSIAN_RECORDS.map(([s, g, p]) => ({
    short: `${s} ${g}`,
    full: `${s} ${g} ${p}`,
    s,
    g,
    p,
  }));
  const father = (patronymic: string) => patronymic.replace(/(?:ович|евич|ич)$/, '');
  return [
    ...pairs('cyrillic', true, NATIONAL_CYRILLIC),
    ...pairs(
      'icao_passport',
      true,
      records.map((r) => [r.short, icao(r.short)] as const),
    ),
    ...pairs(
      'older_latin',
      true,
      records.map((r, i) => [r.short, i % 2 === 0 ? bgn(r.short) : soviet(r.short)] as const),
    ),
    ...pairs('uzbek_latin', true, [
      ...UZBEK_NAMES.map(([ru, uz]) => [ru, uzbekLatin(uz)] as const),
      ...UZBEK_NAMES.map(([ru, uz]) => [icao(ru), uzbekLatin(uz)] as const),
    ]),
    ...pairs('tajik_forms', true, TAJIK_SURNAMES),
    ...pairs('kyrgyz', true, KYRGYZ),
    ...pairs(
      'word_order',
      true,
      records.slice(0, 40).map((r, i) => [r.short, i % 2 ? `${r.g} ${r.s}` : icao(`${r.g} ${r.s}`)] as const),
    ),
    ...pairs('patronymic', true, [
      ...records.slice(0, 30).map((r, i) => [r.full, i % 2 ? `${r.g} ${r.s}` : icao(r.short)] as const),
      ...records.slice(30, 45).map((r) => [r.full, uzbekLatin(`${r.s} ${r.g} ${father(r.p)} ўғли`)] as const),
    ]),
    ...pairs('hyphen_apostrophe', true, HYPHENS_AND_APOSTROPHES),
    ...pairs('yo_hard_sign_short_i', true, YO_AND_SIGNS),
    ...pairs(
      'typo',
      true,
      records.map((r, i) => [r.short, typo(r.short, i)] as const),
    ),
    // Different people.
    ...pairs('different: close names', false, CLOSE_NAMES),
    ...pairs(
      'different: same name, other patronymic',
      false,
      records.slice(0, 40).map((r, i) => {
        const other =
          OTHER_PATRONYMICS.find((p, k) => p !== r.p && k >= i % OTHER_PATRONYMICS.length) ?? 'Олимович';
        return [r.full, `${r.s} ${r.g} ${other}`] as const;
      }),
    ),
    ...pairs(
      'different: father and son',
      false,
      records.slice(20, 50).map((r, i) => {
        const son = i % 2 ? r.full : uzbekLatin(`${r.s} ${r.g} ${father(r.p)} ўғли`);
        return [son, `${r.s} ${father(r.p)}`] as const;
      }),
    ),
    ...pairs(
      'different: one letter apart',
      false,
      records.slice(0, 40).map((r, i) => [r.short, typo(r.short, i + 1)] as const),
    ),
    ...pairs(
      'different: same surname',
      false,
      records.slice(0, 40).map((r, i) => [r.short, `${r.s} ${OTHER_GIVEN[i % OTHER_GIVEN.length]}`] as const),
    ),
  ];
}
