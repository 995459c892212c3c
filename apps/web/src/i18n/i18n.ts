import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en } from './en';
import { ru, type MessageKey } from './ru';

export type Locale = 'ru' | 'en';
type Catalog = Record<string, string>;
// Copies: the on-demand screens' messages are added to them (addMessages) when first needed.
const CATALOGS: Record<Locale, Catalog> = { ru: { ...ru }, en: { ...en } };

/** Adds the messages of the screens loaded on demand (i18n/more.ts). */
export function addMessages(more: Record<Locale, Catalog>): void {
  for (const locale of ['ru', 'en'] as const) Object.assign(CATALOGS[locale], more[locale]);
}
const STORED = 'huquq.locale';

export function initialLocale(): Locale {
  const stored = localStorage.getItem(STORED);
  if (stored === 'ru' || stored === 'en') return stored;
  return navigator.language.toLowerCase().startsWith('en') ? 'en' : 'ru';
}

export function rememberLocale(locale: Locale): void {
  localStorage.setItem(STORED, locale);
  document.documentElement.lang = locale;
}

export interface Translator {
  locale: Locale;
  t: (key: MessageKey, vars?: Record<string, string | number>) => string;
  /**
   * A vocabulary word (`type.detention`, `status.new`). A code no message names (an organization's
   * own rule, a newer server) shows `fallback` (e.g. the rule's own title), else the code itself.
   */
  word: (group: string, value: string | null | undefined, fallback?: string | null) => string;
  /** In the given IANA time zone (a case's), else the device's. */
  dateTime: (iso: string | null | undefined, timeZone?: string | null) => string;
  number: (n: number) => string;
}

export function translator(locale: Locale): Translator {
  const messages = CATALOGS[locale];
  const formats = new Map<string, Intl.DateTimeFormat>();
  const dates = (timeZone?: string | null) => {
    const key = timeZone ?? '';
    let format = formats.get(key);
    if (!format) {
      format = new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: timeZone ?? undefined,
      });
      formats.set(key, format);
    }
    return format;
  };
  const numbers = new Intl.NumberFormat(locale);
  const t: Translator['t'] = (key, vars) =>
    (messages[key] ?? key).replace(/\{(\w+)\}/g, (_, name: string) => String(vars?.[name] ?? ''));
  return {
    locale,
    t,
    word: (group, value, fallback) => {
      if (!value) return fallback ?? '—';
      const key = `${group}.${value}` as MessageKey;
      return key in messages ? messages[key] : (fallback ?? value);
    },
    dateTime: (iso, timeZone) => (iso ? dates(timeZone).format(new Date(iso)) : '—'),
    number: (n) => numbers.format(n),
  };
}

export const I18n = createContext<Translator & { setLocale: (l: Locale) => void }>({
  ...translator('ru'),
  setLocale: () => undefined,
});

export const useI18n = () => useContext(I18n);
