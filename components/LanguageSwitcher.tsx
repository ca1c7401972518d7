'use client';

import type { Locale } from '@/lib/i18n/routing';
import { Link, usePathname } from '@/lib/i18n/navigation';

interface LanguageSwitcherProps {
  label: string;
  current: Locale;
  languages: { code: Locale; name: string; lang: string }[];
}

/** Links to the same page in another language: next-intl's Link puts the chosen locale in front of the path. */
export function LanguageSwitcher({ label, current, languages }: LanguageSwitcherProps) {
  const pathname = usePathname();
  return (
    <nav className="language-switcher" aria-label={label}>
      <ul>
        {languages.map(({ code, name, lang }) => (
          <li key={code}>
            <Link href={pathname} locale={code} hrefLang={lang} lang={lang} aria-current={code === current ? 'true' : undefined}>
              {name}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
