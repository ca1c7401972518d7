'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

/** The sidebar's links; the layout cannot know the current page, the browser's path does. */
export function SettingsSidebarNav({ items }: { items: { href: string; label: string }[] }) {
  const pathname = usePathname();
  return (
    <ul>
      {items.map((item) => (
        <li key={item.href}>
          <Link href={item.href} aria-current={pathname === item.href ? 'page' : undefined} className="settings-sidebar__item">
            {item.label}
          </Link>
        </li>
      ))}
    </ul>
  );
}
