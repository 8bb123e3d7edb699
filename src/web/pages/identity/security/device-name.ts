import type { TFunction } from 'i18next';

/**
 * The browser and operating system a user agent string names, in the words people know them by
 * ("Chrome", "Android"), for the lists of sessions and sign-ins. Only the common ones: anything
 * else is undefined and the page says "unknown". The order matters, since most browsers also name
 * the ones they descend from (Edge says "Chrome" and "Safari" too).
 */
export type Device = { browser: string | undefined; os: string | undefined };

const BROWSERS: [RegExp, string][] = [
  [/\bEdg(e|A|iOS)?\//, 'Edge'],
  [/\b(OPR|Opera)\//, 'Opera'],
  [/\bSamsungBrowser\//, 'Samsung Internet'],
  [/\b(Firefox|FxiOS)\//, 'Firefox'],
  [/\bChromium\//, 'Chromium'],
  [/\b(HeadlessChrome|Chrome|CriOS)\//, 'Chrome'],
  [/\bVersion\/[\d.]+.*\bSafari\//, 'Safari'],
];

const SYSTEMS: [RegExp, string][] = [
  [/\b(iPhone|iPad|iPod)\b/, 'iOS'],
  [/\bAndroid\b/, 'Android'],
  [/\bCrOS\b/, 'ChromeOS'],
  [/\bWindows\b/, 'Windows'],
  [/\bMac OS X\b|\bMacintosh\b/, 'macOS'],
  [/\bLinux\b/, 'Linux'],
];

const first = (table: [RegExp, string][], text: string) => table.find(([pattern]) => pattern.test(text))?.[1];

export function describeDevice(userAgent: string | null): Device {
  if (!userAgent) return { browser: undefined, os: undefined };
  return { browser: first(BROWSERS, userAgent), os: first(SYSTEMS, userAgent) };
}

/** "Chrome on Android", "Firefox", "A browser on Windows" or "An unknown browser". */
export function deviceWords(t: TFunction, userAgent: string | null): string {
  const { browser, os } = describeDevice(userAgent);
  if (browser && os) return t('device.browserOnOs', { browser, os });
  if (browser) return browser;
  if (os) return t('device.someBrowserOnOs', { os });
  return t('device.unknown');
}
