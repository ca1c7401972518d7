import { readdirSync } from 'node:fs';
import createNextIntlPlugin from 'next-intl/plugin';

const withNextIntl = createNextIntlPlugin({
  requestConfig: './lib/i18n/request.ts',
  // ICU messages compiled at build time: the browser gets a tiny formatter instead of a parser.
  experimental: { messages: { path: './messages', format: 'json', locales: ['en', 'zh', 'fr'], precompile: true } },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  // The AWS SDK is server-only and large: keep it out of the server bundles' tracing work.
  serverExternalPackages: ['@aws-sdk/client-s3'],
  // The icons in public/ (scripts/build-icons.mjs; proxy.ts lets exactly these through without a
  // session): browsers fetch them on every page, so they are cached for a year. A new icon gets a new name.
  async headers() {
    return readdirSync(new URL('./public/', import.meta.url)).map((file) => ({
      source: `/${file}`,
      headers: [{ key: 'Cache-Control', value: 'public, max-age=31536000, immutable' }],
    }));
  },
  experimental: {
    // proxy.ts runs before the session check, and Next.js buffers every body it sees (10 MB by
    // default). Twice the API's own 64 KB cap (MAX_BODY_BYTES in lib/http/read-json-body.ts): Next
    // cuts at whole chunks, and what it keeps of a larger body must still exceed the cap (413 there).
    proxyClientMaxBodySize: 128 * 1024,
  },
};

export default withNextIntl(nextConfig);
