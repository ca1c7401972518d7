import { describe, expect, expectTypeOf, it } from 'vitest';
import { AZURE_TYPE, type AzureValues } from './azure/type';
import { fieldsOf, STORAGE_FIELDS, STORAGE_TYPES, storageType, type StorageFieldName, type StorageValues } from './registry';
import { S3_TYPE, type S3Values } from './s3/type';
import { textOf, type FieldValues, type StorageTypeRules } from './types';

// The compiler holds each type's descriptor to its values: these checks fail at `npm run typecheck`.

type NameOf<T extends { fields: readonly { name: string }[] }> = T['fields'][number]['name'];

describe('storage types over their values', () => {
  it('describe exactly the fields of their values, and the registry knows every name', () => {
    expectTypeOf<NameOf<typeof S3_TYPE>>().toEqualTypeOf<keyof S3Values>();
    expectTypeOf<NameOf<typeof AZURE_TYPE>>().toEqualTypeOf<keyof AzureValues>();
    expectTypeOf<StorageFieldName>().toEqualTypeOf<keyof StorageValues>();
    // A name is the same key in the settings, the form and the messages: unique across all types.
    const names = STORAGE_FIELDS.map((field) => field.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(STORAGE_TYPES.flatMap((type) => fieldsOf(storageType(type.id)).map((field) => field.name))));
  });

  it('refuse a rule or a read naming a field of another type', () => {
    // @ts-expect-error `bucket` is S3's, not Azure's
    const requiredCode: StorageTypeRules<AzureValues>['requiredCode'] = { bucket: 'bucketRequired' };
    const form = { bucket: 'packages', azureContainerName: 'other' };
    const values: FieldValues<S3Values> = form;
    // @ts-expect-error an S3 rule cannot read the Azure container
    const read = () => textOf(values, 'azureContainerName');
    expect(requiredCode).toEqual({ bucket: 'bucketRequired' });
    expect(textOf(values, 'bucket')).toBe('packages');
    expect(read()).toBe('other');
  });

  it('reads a missing or non-text value as empty text', () => {
    const values: FieldValues<S3Values> = { serviceUrl: 42, region: undefined };
    expect(textOf(values, 'serviceUrl')).toBe('');
    expect(textOf(values, 'region')).toBe('');
    expect(textOf(values, 'bucket')).toBe('');
  });
});
