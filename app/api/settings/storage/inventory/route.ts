import { requireSession } from '@/lib/auth/require-session';
import { inventoryInForce } from '@/lib/config-run/storage-inventory';
import { readConsoleEnv } from '@/lib/env';
import { withCheckSlot } from '@/lib/http/check-slots';
import { apiTranslator } from '@/lib/i18n/api-translator';
import { checksBusyResponse } from '@/lib/settings-api/api-responses';
import { inventoryResponse } from '@/lib/settings-api/inventory-response';

export const dynamic = 'force-dynamic';

/** What a storage change would copy: each ecosystem's objects and bytes in the storage in force (a listing only). */
export async function GET(request: Request) {
  const guard = await requireSession(request);
  if (!guard.ok) return guard.response;
  const t = await apiTranslator(request);
  const env = readConsoleEnv();
  // A listing of a large store is a storage call like a check: same deadline, same per-session slots.
  const listed = await withCheckSlot(`session:${guard.session.sid}`, env.checkTimeoutMs, () => inventoryInForce(env, AbortSignal.timeout(env.checkTimeoutMs)));
  if (!listed.ok) return checksBusyResponse(t, listed);
  return inventoryResponse(listed.value, t.lookup);
}
