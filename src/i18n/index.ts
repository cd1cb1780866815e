// UI strings live as plain data in ./ui/<locale>.json; English is the reference shape.
import en from './ui/en.json' with { type: 'json' };
import fa from './ui/fa.json' with { type: 'json' };
import ru from './ui/ru.json' with { type: 'json' };
import { formatNumber, pluralCategory, type Locale } from './locales.ts';

export * from './locales.ts';

type Messages = typeof en;
type PluralForms = { other: string } & Partial<Record<Intl.LDMLPluralRule, string>>;
export type MessageKey = { [K in keyof Messages]: Messages[K] extends string ? K : never }[keyof Messages];
export type PluralKey = { [K in keyof Messages]: Messages[K] extends string ? never : K }[keyof Messages];

export const messages: Record<Locale, Record<string, string | PluralForms>> = { fa, ru, en };

type Vars = Record<string, string | number>;

function fill(locale: Locale, template: string, vars: Vars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = vars[name];
    if (value === undefined) return whole;
    return typeof value === 'number' ? formatNumber(locale, value) : value;
  });
}

export function useTranslations(locale: Locale) {
  const table = messages[locale];
  /** A plain message; `{name}` placeholders are filled, numbers in the locale's digits. */
  function t(key: MessageKey, vars: Vars = {}): string {
    const message = table[key] ?? en[key];
    return fill(locale, typeof message === 'string' ? message : key, vars);
  }
  /** A message with plural forms chosen by Intl.PluralRules (Russian one/few/many). */
  function tp(key: PluralKey, count: number, vars: Vars = {}): string {
    const forms = (table[key] ?? en[key]) as PluralForms;
    const template = forms[pluralCategory(locale, count)] ?? forms.other;
    return fill(locale, template, { ...vars, count });
  }
  return { t, tp };
}
