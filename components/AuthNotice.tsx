import type { ReactNode } from 'react';

/** A flash message on the login and setup pages; errors are alerts, the rest polite status. */
export function AuthNotice({ tone, children }: { tone: 'success' | 'warn' | 'error'; children: ReactNode }) {
  return (
    <div className={`flash flash--${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      <span>{children}</span>
    </div>
  );
}
