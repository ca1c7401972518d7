import { describe, expect, it } from 'vitest';
import { createNonce, NON_PAGE_CSP, pageCsp, securityHeaders } from './security-headers';

describe('security headers', () => {
  it('gives pages a nonce CSP without unsafe-eval or unsafe-inline, and never framing', () => {
    const nonce = createNonce();
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(createNonce()).not.toBe(nonce);
    const csp = pageCsp(nonce, false);
    expect(csp).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toMatch(/unsafe-(eval|inline)/);
    expect(csp).not.toContain('upgrade-insecure-requests');
    expect(pageCsp(nonce, true)).toContain('upgrade-insecure-requests');
    expect(pageCsp(nonce, false, true)).toContain("'unsafe-eval'"); // next dev only
    expect(pageCsp(nonce, false, true)).toContain("style-src 'self' 'unsafe-inline'");
  });

  it('sets the fixed headers, HSTS only over HTTPS', () => {
    const headers = securityHeaders(NON_PAGE_CSP, false);
    expect(headers).toMatchObject({ 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'same-origin', 'X-Frame-Options': 'DENY' });
    expect(headers).not.toHaveProperty('Strict-Transport-Security');
    expect(securityHeaders(NON_PAGE_CSP, true)).toHaveProperty('Strict-Transport-Security');
  });
});
