import { getPathname } from '@/lib/i18n/navigation';
import { requestedPagePath } from '@/lib/i18n/page-path';
import type { Locale } from '@/lib/i18n/routing';

interface LanguageSwitcherProps {
  label: string;
  current: Locale;
  languages: { code: Locale; name: string; lang: string }[];
}

/**
 * Links to the same page in another language, the locale put in front of the path by next-intl's
 * getPathname. Rendered on the server for the requested path: console links are plain links (full page
 * loads), so every page renders these for itself.
 */
export async function LanguageSwitcher({ label, current, languages }: LanguageSwitcherProps) {
  const path = await requestedPagePath();
  return (
    <nav className="language-switcher" aria-label={label}>
      <ul>
        {languages.map(({ code, name, lang }) => (
          <li key={code}>
            <a href={getPathname({ href: path, locale: code })} hrefLang={lang} lang={lang} aria-current={code === current ? 'true' : undefined}>
              {name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
