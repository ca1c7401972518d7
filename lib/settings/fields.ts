// Field names of the Packages form, kept free of zod so the page can import them without the schema.
export const PACKAGES_FIELDS = ['enabled', 'serviceUrl', 'bucket', 'accessKey', 'secretKey', 'region', 'pathStyle'] as const;
export type PackagesField = (typeof PACKAGES_FIELDS)[number];

export function isPackagesField(value: unknown): value is PackagesField {
  return PACKAGES_FIELDS.includes(value as PackagesField);
}
