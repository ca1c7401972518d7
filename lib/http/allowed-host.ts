import type { ConsoleEnv } from '@/lib/env';
import { isLoopbackHost } from './loopback';

// DNS rebinding defence: a page on evil.example whose name the attacker points at this machine speaks
// to the console same-origin, as far as the browser knows. Only the Host header tells: the console
// answers under CONSOLE_PUBLIC_URL's host name, the loopback names and CONSOLE_ALLOWED_HOSTS, nothing else.

/** The host name of a Host header value (`Console.example:3000` → `console.example`), or null if it is not one. */
export function hostnameOf(host: string | null): string | null {
  if (!host || /[\s/\\@?#]/.test(host)) return null;
  try {
    return new URL(`http://${host}`).hostname.toLowerCase().replace(/\.$/, '');
  } catch {
    return null;
  }
}

export function isAllowedHost(host: string | null, env: ConsoleEnv): boolean {
  const hostname = hostnameOf(host);
  if (hostname === null) return false;
  return isLoopbackHost(hostname) || hostname === hostnameOf(new URL(env.publicUrl).host) || env.allowedHosts.includes(hostname);
}
