import { create } from 'zustand';
import { errorsDe } from '../../../src-shared/errors.de';
import { errorsEn } from '../../../src-shared/errors.en';
import { formatWait } from '../../shell/formatWait';
import type { PageError } from './api';
import { videoPageDe } from './i18n.de';
import { videoPageEn, type VideoPageTexts } from './i18n.en';

export type PageLanguage = 'en' | 'de';

/** The chosen language outlives the tab (it says nothing about anyone); the browser's by default. */
const LANGUAGE_KEY = 'tandem.video.language';

const initial = (): PageLanguage => {
  const chosen = localStorage.getItem(LANGUAGE_KEY);
  if (chosen === 'en' || chosen === 'de') return chosen;
  return navigator.languages.some((tag) => tag.toLowerCase().startsWith('de')) ? 'de' : 'en';
};

export const useLanguage = create<{ language: PageLanguage }>(() => ({ language: initial() }));
document.documentElement.lang = useLanguage.getState().language;

export function chooseLanguage(language: PageLanguage): void {
  localStorage.setItem(LANGUAGE_KEY, language);
  document.documentElement.lang = language;
  useLanguage.setState({ language });
}

const TEXTS: Record<PageLanguage, VideoPageTexts> = { en: videoPageEn, de: videoPageDe };

/** The page's texts in the chosen language. */
export function useTexts(): VideoPageTexts {
  return TEXTS[useLanguage((state) => state.language)];
}

/** `{{name}}` placeholders filled. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => values[name] ?? whole);
}

/** The catalogue's sentence for an endpoint refusal, in the chosen language. */
export function useErrorText(): (error: PageError) => string {
  const language = useLanguage((state) => state.language);
  const catalogue = language === 'de' ? errorsDe : errorsEn;
  return (error) => {
    if (error.code === 'cloud_unreachable') return TEXTS[language].errors.offline;
    return fill(catalogue[error.code], { wait: formatWait(error.retryAfterMs ?? 60_000, language) });
  };
}
