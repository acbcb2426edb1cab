/**
 * Text in English and Simplified Chinese. The language follows `navigator.language`
 * until the user picks one in the header; the pick is remembered in localStorage.
 */
import { en, type MessageKey } from './en.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey };

/** Languages the dashboard speaks; the value doubles as the Intl locale. */
export type Lang = 'en' | 'zh-CN';
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];
export const DICTIONARIES: Record<Lang, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

export const LANG_STORAGE_KEY = 'tideway.lang';

/** The stored choice if valid, else the first browser language we speak, else English. */
export function pickLang(stored: string | null, browserLanguages: readonly string[]): Lang {
  if (stored === 'en' || stored === 'zh-CN') return stored;
  for (const language of browserLanguages) {
    const lower = language.toLowerCase();
    if (lower.startsWith('zh')) return 'zh-CN';
    if (lower.startsWith('en')) return 'en';
  }
  return 'en';
}

/** Fills `{name}` placeholders of a message; a missing placeholder value stays visible. */
export function fillPlaceholders(message: string, params: Record<string, string | number> = {}): string {
  return message.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** Looks a key up and fills its placeholders. */
export function translate(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return fillPlaceholders(DICTIONARIES[lang][key], params);
}

/** Names of the `{placeholders}` in a message, for checking translations against each other. */
export function placeholders(message: string): string[] {
  return [...message.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
}

function storage(): Storage | null {
  try {
    return globalThis.localStorage ?? null;
  } catch {
    return null;
  }
}

let current: Lang = pickLang(storage()?.getItem(LANG_STORAGE_KEY) ?? null, globalThis.navigator?.languages ?? []);
const listeners = new Set<(lang: Lang) => void>();

/** The language the page shows now. */
export const getLang = (): Lang => current;

/** Switches language, remembers it and tells subscribers (the app re-renders). */
export function setLang(lang: Lang): void {
  current = lang;
  storage()?.setItem(LANG_STORAGE_KEY, lang);
  if (globalThis.document) document.documentElement.lang = lang;
  for (const listener of listeners) listener(lang);
}

export function onLangChange(listener: (lang: Lang) => void): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** A message in the current language. */
export const t = (key: MessageKey, params?: Record<string, string | number>): string => translate(current, key, params);

/** True when the dictionary has a key, for codes that may or may not have their own text. */
export const hasKey = (key: string): key is MessageKey => Object.hasOwn(en, key);
