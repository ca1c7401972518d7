import { describe, expect, it } from 'vitest';
import { joinSentences, sentenceGap } from './sentences';

describe('joinSentences', () => {
  it('puts a space between English or French sentences', () => {
    expect(joinSentences('The storage check found problems.', 'Checked in 1.2 s.')).toBe('The storage check found problems. Checked in 1.2 s.');
    expect(joinSentences('Instruction de stratégie qui accorde cette autorisation\u00a0:', '{"Effect":"Allow"}')).toBe('Instruction de stratégie qui accorde cette autorisation\u00a0: {"Effect":"Allow"}');
  });

  it('runs Chinese sentences together, after full-width punctuation or a character', () => {
    expect(joinSentences('存储检查发现了问题。', '检查用时 1.2 秒。')).toBe('存储检查发现了问题。检查用时 1.2 秒。');
    expect(joinSentences('授予此权限的策略语句：', '{"Effect":"Allow"}')).toBe('授予此权限的策略语句：{"Effect":"Allow"}');
    expect(sentenceGap('根密码已设置')).toBe('');
  });

  it('keeps a space after Chinese text that ends in a Latin value, and skips empty parts', () => {
    expect(sentenceGap('存储桶 my-bucket')).toBe(' ');
    expect(joinSentences('', 'Only.')).toBe('Only.');
    expect(joinSentences('One.', '', 'Two.')).toBe('One. Two.');
    expect(joinSentences('One.', 'Two.', 'Three.')).toBe('One. Two. Three.');
  });
});
