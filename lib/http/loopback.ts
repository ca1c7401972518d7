/** localhost, 127.0.0.0/8 or ::1: where plain HTTP is acceptable (emulators, test servers on this machine). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return host === 'localhost' || host === '::1' || /^127(\.\d{1,3}){3}$/.test(host);
}
