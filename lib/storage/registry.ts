import { AZURE_TYPE, type AzureValues } from './azure/type';
import { S3_TYPE, type S3Values } from './s3/type';
import { SHARED_FIELDS, type SharedFieldName, type SharedValues } from './shared/fields';
import type { FieldValues, StorageField, StorageType } from './types';

// The storage types the console offers, in the order of the Storage type radio; the first is the
// default (what a settings file or a request without a type means). Adding a type: its folder, and
// one entry here, in rules.ts and in server.ts.

export const STORAGE_TYPES = [S3_TYPE, AZURE_TYPE] as const satisfies readonly StorageType[];

type AnyType = (typeof STORAGE_TYPES)[number];
export type StorageTypeId = AnyType['id'];
/** Every type's values side by side: switching type keeps the other type's saved values. */
export type StorageValues = S3Values & AzureValues & SharedValues;
export type StorageFieldName = AnyType['fields'][number]['name'] | SharedFieldName;
export type SecretFieldName = Extract<AnyType['fields'][number], { secret: true }>['name'];
/** A type of the registry, as the core sees it: over every type's values, so the compiler knows its field names. */
export type RegisteredStorageType = StorageType<StorageValues>;
export type RegisteredStorageField = StorageField<StorageValues>;

export const STORAGE_TYPE_IDS = STORAGE_TYPES.map((type) => type.id) as [StorageTypeId, ...StorageTypeId[]];
export const DEFAULT_STORAGE_TYPE: StorageTypeId = STORAGE_TYPES[0].id;

/** Every field of every type, each name once, then the fields all types share. */
export const STORAGE_FIELDS: readonly RegisteredStorageField[] = [...STORAGE_TYPES.flatMap((type): readonly RegisteredStorageField[] => type.fields), ...SHARED_FIELDS];

/** The fields a type's form shows and its save takes: its own, then the shared ones. */
export function fieldsOf(type: RegisteredStorageType): readonly RegisteredStorageField[] {
  return [...type.fields, ...SHARED_FIELDS];
}

export function isSharedField(name: string): boolean {
  return SHARED_FIELDS.some((field) => field.name === name);
}

export function isStorageTypeId(value: unknown): value is StorageTypeId {
  return (STORAGE_TYPE_IDS as readonly unknown[]).includes(value);
}

export function storageType(id: StorageTypeId): RegisteredStorageType {
  return STORAGE_TYPES.find((type) => type.id === id) ?? STORAGE_TYPES[0];
}

export function storageField(name: string): RegisteredStorageField | undefined {
  return STORAGE_FIELDS.find((field) => field.name === name);
}

/** The type a field belongs to. */
export function typeOfField(name: string): RegisteredStorageType | undefined {
  return STORAGE_TYPES.find((type) => type.fields.some((field: RegisteredStorageField) => field.name === name));
}

export function defaultValueOf(field: StorageField): string {
  return field.choices?.[0] ?? '';
}

/** Whether the field must be filled in with these values (a stored secret still counts as filled). */
export function fieldRequired(field: StorageField, values: FieldValues): boolean {
  return field.requiredWhen ? field.requiredWhen(values) : field.required === true;
}

export function fieldShown(field: StorageField, values: FieldValues): boolean {
  return field.shownWhen?.(values) ?? true;
}
