import { describe, expect, it } from 'vitest';
import { translatorFor } from '@/lib/i18n/translator';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { validationIssues } from './api-responses';

const expired = [{ field: 'caCertificates', code: 'caExpired', params: { index: '1', from: '1', to: '20', subject: 'CN=Old CA', date: '2026-01-02T03:04:00.000Z' } }];

describe('validationIssues', () => {
  it('writes a problem’s dates in the language of the answer, not always in English', () => {
    const [french] = validationIssues(expired, translatorFor('fr', fr));
    const [chinese] = validationIssues(expired, translatorFor('zh', zh));
    const [english] = validationIssues(expired, translatorFor('en', en));
    expect(english?.message).toContain('January 2, 2026');
    expect(french?.message).toContain('2 janvier 2026');
    expect(chinese?.message).toContain('2026年1月2日');
    expect(french).toMatchObject({ field: 'caCertificates', code: 'caExpired' });
  });
});
