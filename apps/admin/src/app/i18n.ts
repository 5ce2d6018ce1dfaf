import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { en } from './locales/en';
import { zhCN } from './locales/zh-CN';

export const LANGUAGES = ['zh-CN', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];
export const LANGUAGE_STORAGE_KEY = 'arrears.language';

export function storedLanguage(): Language {
  try {
    const value = window.localStorage.getItem(LANGUAGE_STORAGE_KEY);
    if (value && (LANGUAGES as readonly string[]).includes(value)) return value as Language;
  } catch {
    // storage unavailable (private mode): fall back to the default
  }
  return 'zh-CN';
}

let initialised = false;

/** Initialises i18next once; the language is zh-CN unless the user picked another before. */
export function initI18n(language: Language = storedLanguage()) {
  if (!initialised) {
    initialised = true;
    void i18n.use(initReactI18next).init({
      resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
      lng: language,
      fallbackLng: 'zh-CN',
      supportedLngs: [...LANGUAGES],
      interpolation: { escapeValue: false },
      // A key with no text in the current language is recorded (browser tests fail on any);
      // keys given a defaultValue (server codes we may not know) are expected to miss sometimes.
      saveMissing: true,
      missingKeyHandler: (_lngs, _ns, key, _fallback, _update, options) => {
        if (options && 'defaultValue' in (options as object)) return;
        console.warn(`[i18n] missing text for "${key}"`);
      },
      initAsync: false,
    });
    i18n.on('languageChanged', (lng) => {
      try {
        window.localStorage.setItem(LANGUAGE_STORAGE_KEY, lng);
      } catch {
        // ignore: the choice simply is not remembered
      }
      document.documentElement.lang = lng;
    });
    document.documentElement.lang = language;
  } else if (i18n.language !== language) {
    void i18n.changeLanguage(language);
  }
  return i18n;
}

export function changeLanguage(language: Language) {
  return i18n.changeLanguage(language);
}

export { i18n };
