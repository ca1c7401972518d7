import type { KeyChange } from './diff';
import type { HistoryVersion } from './versions';

// The history as JSON, one shape for the Manage API and `cli config history --json`: settings keys,
// plain values old and new, secrets as "changed"/"unchanged" only.

export function changeJson(change: KeyChange) {
  return change.secret ? { key: change.key, secret: true, change: change.change } : { key: change.key, secret: false, change: change.change, old: change.from, new: change.to };
}

export function versionJson(version: HistoryVersion) {
  return {
    version: version.version,
    updated_at: version.updatedAt,
    actor: version.actor,
    restored_from: version.restoredFrom,
    current: version.current,
    in_force: version.inForce,
    run: version.run ? { id: version.run.id, state: version.run.state, source: version.run.source } : null,
    previous: version.previous,
    changes: version.changes.map(changeJson),
  };
}

/** `7` → 7; anything but a whole number from 1 up → null (never coerced from "7abc" or "1e3"). */
export function parseVersion(text: string | undefined): number | null {
  if (!text || !/^[1-9]\d{0,8}$/.test(text)) return null;
  return Number(text);
}
