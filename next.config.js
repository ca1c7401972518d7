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
};

export default withNextIntl(nextConfig);
