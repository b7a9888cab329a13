/**
 * What Session Insights never logs, in each language: the consent pop-up, every exported summary
 * document and the README say exactly this (a test holds them to it).
 */
export const NEVER_LOGGED = {
  en: ['screen images', 'keystrokes', 'file contents', 'clipboard contents'],
  de: ['Bildschirminhalte', 'Tastatureingaben', 'Dateiinhalte', 'Inhalte der Zwischenablage'],
} as const;

/** The list as one phrase: "screen images, keystrokes, file contents, clipboard contents". */
export function neverLoggedList(language: 'en' | 'de'): string {
  return NEVER_LOGGED[language].join(', ');
}
