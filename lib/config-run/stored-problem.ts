import { z } from 'zod';

/** A field problem as a run file keeps it: with its namespace and arguments, so it reads back as it was said. */
export const storedProblem = z.object({ field: z.string().nullable(), code: z.string(), namespace: z.string().optional(), params: z.record(z.string(), z.string()).optional() });
