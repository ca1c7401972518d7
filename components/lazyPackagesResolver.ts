'use client';

import type { Resolver } from 'react-hook-form';
import type { PackagesSchemaOptions, PackagesSettingsInput } from '@/lib/settings/schema';

// The schema, zod and its resolver load on the first validation instead of with the page: nothing
// validates before the admin has typed, and it keeps the page's first-load JavaScript within budget.
const loadSchema = () => import('@/lib/settings/schema');
const loadResolver = () => import('@hookform/resolvers/zod');

export function lazyPackagesResolver(stored: PackagesSchemaOptions): Resolver<PackagesSettingsInput> {
  return async (values, context, options) => {
    const [{ createPackagesSettingsSchema }, { zodResolver }] = await Promise.all([loadSchema(), loadResolver()]);
    return zodResolver(createPackagesSettingsSchema(stored))(values, context, options);
  };
}

export async function validateForStorageTest(values: PackagesSettingsInput, stored: PackagesSchemaOptions) {
  const { createPackagesSettingsSchema } = await loadSchema();
  return createPackagesSettingsSchema(stored).safeParse(values);
}
