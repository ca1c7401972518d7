import { z } from 'zod';

// What the console's restore button sends (POST /api/settings/history/{version}/restore): one schema for
// the button and the route. Whole numbers and a real boolean only: "yes" is no confirmation.

export const restoreBodySchema = z.strictObject({
  /** The current version the admin saw: someone else's save in between is a conflict. */
  expectedVersion: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  /** Needed when the restored version's storage differs from the one in use. */
  confirmStorageChange: z.boolean().default(false),
  /** With a storage change: copy the packages to the restored version's storage first. */
  copyPackages: z.boolean().default(false),
});

export type RestoreBody = z.input<typeof restoreBodySchema>;
