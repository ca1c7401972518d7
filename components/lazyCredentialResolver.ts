'use client';

import type { Resolver } from 'react-hook-form';
import type { CredentialFormInput } from '@/lib/services/credentials/schema';

// The credential form's schema (lib/services/credentials/schema.ts, the server's too) and zod load on the
// first validation instead of with the Services page: nothing validates before the admin submits, and
// it keeps the page's first-load JavaScript within budget (npm run bench:page).
const load = () => Promise.all([import('@hookform/resolvers/zod'), import('@/lib/services/credentials/schema')]);

export const lazyCredentialResolver: Resolver<CredentialFormInput> = async (values, context, options) => {
  const [{ zodResolver }, { credentialFormSchema }] = await load();
  return zodResolver(credentialFormSchema)(values, context, options);
};
