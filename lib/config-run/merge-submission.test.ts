import { describe, expect, it } from 'vitest';
import { EMPTY_PACKAGES_SETTINGS, type PackagesSettings } from '@/lib/settings/types';
import type { PackagesSettingsSubmission } from '@/lib/settings/schema';
import { mergeSubmission } from './save-steps';

// What a save of the form takes: the chosen type's fields and the Ecosystem Toggles; a toggle left out
// (a script written before them) keeps its saved value, and disabling Packages keeps them all.

const saved: PackagesSettings = { ...EMPTY_PACKAGES_SETTINGS, enabled: true, bucket: 'packages', npmMode: 'enabled', buildCacheMode: 'read-only' };
const submission = (more: Record<string, unknown>) => ({ enabled: true, storageType: saved.storageType, version: 1, ...more }) as unknown as PackagesSettingsSubmission;

describe('mergeSubmission and the Ecosystem Toggles', () => {
  it('takes the toggles given', () => {
    expect(mergeSubmission(saved, submission({ bucket: 'packages', npmMode: 'read-only', buildCacheMode: 'disabled' }))).toMatchObject({ npmMode: 'read-only', buildCacheMode: 'disabled' });
  });

  it('keeps the saved ones a request leaves out, and all of them when Packages is disabled', () => {
    expect(mergeSubmission(saved, submission({ bucket: 'other' }))).toMatchObject({ bucket: 'other', npmMode: 'enabled', buildCacheMode: 'read-only' });
    expect(mergeSubmission(saved, submission({ enabled: false, npmMode: 'disabled' }))).toMatchObject({ enabled: false, npmMode: 'enabled' });
  });
});
