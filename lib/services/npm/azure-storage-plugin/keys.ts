// Where the plugin keeps things in the container, mirroring verdaccio-aws-s3-storage's bucket layout:
//   <keyPrefix>verdaccio-s3-db.json                       package list + token secret
//   <keyPrefix>[<storage>/]<package>/package.json         the package's metadata (manifest)
//   <keyPrefix>[<storage>/]<package>/<name>-<ver>.tgz     its tarballs
// `<storage>` is the `storage:` of the matching `packages:` rule, when the configuration sets one.

// The S3 plugin's name for the same object: moving the packages between S3 and Azure carries the package
// list and the token secret across, so tokens issued before a move still work after it.
export const DB_NAME = 'verdaccio-s3-db.json';
/** Where the plugin kept it before: read when the shared name is absent. */
export const LEGACY_DB_NAME = 'verdaccio-azure-db.json';
export const PACKAGE_FILE = 'package.json';

export function dbKey(keyPrefix: string, name = DB_NAME): string {
  return `${keyPrefix}${name}`;
}

/** The folder (ending in `/`) holding one package's files. */
export function packageFolder(keyPrefix: string, packageName: string, storage?: unknown): string {
  const folder = typeof storage === 'string' && storage.replace(/^\/+|\/+$/g, '') !== '' ? `${storage.replace(/^\/+|\/+$/g, '')}/` : '';
  return `${keyPrefix}${folder}${packageName}/`;
}

/** A file of the package: `package.json` or a tarball name; never a path of its own. */
export function fileKey(folder: string, fileName: string): string {
  if (fileName === '' || fileName.includes('/') || fileName === '.' || fileName === '..') throw new Error(`invalid file name in package storage`);
  return `${folder}${fileName}`;
}
