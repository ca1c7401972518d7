// The migration engine: inventory (the dry run), copy with resume, verify. See types.ts for the options.
export { copyObjects, type CopyResult } from './copy';
export { classify } from './errors';
export { inScope, inventory, inventoryScopes, listScopes, prefixScopes, scopeTotals, sumTotals } from './inventory';
export { openJournal, parseJournal, type Journal } from './journal';
export { verifyObjects, type VerifyResult } from './verify';
export * from './types';
