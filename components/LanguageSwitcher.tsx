'use client';

import { usePathname } from 'next/navigation';

interface LanguageSwitcherProps {
  label: string;
  current: string;
  languages: { code: string; name: string; lang: string }[];
}

/** Plain links to the same page in another language (the locale is the first path segment). */
export function LanguageSwitcher({ label, current, languages }: LanguageSwitcherProps) {
  const pathname = usePathname() ?? `/${current}`;
  const rest = pathname.split('/').slice(2).join('/');
  return (
    <nav className="language-switcher" aria-label={label}>
      <ul>
        {languages.map(({ code, name, lang }) => (
          <li key={code}>
            <a
              href={`/${code}${rest ? `/${rest}` : ''}`}
              hrefLang={lang}
              lang={lang}
              aria-current={code === current ? 'true' : undefined}
            >
              {name}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
