// Where the plugin keeps things in the container, mirroring verdaccio-aws-s3-storage's bucket layout:
//   <keyPrefix>verdaccio-azure-db.json                    package list + token secret
//   <keyPrefix>[<storage>/]<package>/package.json         the package's metadata (manifest)
//   <keyPrefix>[<storage>/]<package>/<name>-<ver>.tgz     its tarballs
// `<storage>` is the `storage:` of the matching `packages:` rule, when the configuration sets one.

export const DB_NAME = 'verdaccio-azure-db.json';
export const PACKAGE_FILE = 'package.json';

export function dbKey(keyPrefix: string): string {
  return `${keyPrefix}${DB_NAME}`;
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
