import { describe, expect, it } from 'vitest';
import { API_FIELD_NAMES, fieldForApiName } from './field-names';

describe('Manage API field names', () => {
  it('maps Manage API names to fields, and no derived name (a secret being set) to any', () => {
    expect(fieldForApiName('s3_bucket')).toBe('bucket');
    expect(fieldForApiName('aws_secret_key_set')).toBeNull();
  });

  it('names every field once', () => {
    const names = Object.values(API_FIELD_NAMES);
    expect(new Set(names).size).toBe(names.length);
    for (const [field, name] of Object.entries(API_FIELD_NAMES)) expect(fieldForApiName(name)).toBe(field);
  });
});
