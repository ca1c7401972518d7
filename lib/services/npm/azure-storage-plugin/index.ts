import type { ContainerClient } from '@azure/storage-blob';
import { createContainerClient } from './client';
import { PLUGIN_ID, readPluginConfig, type AzurePluginConfig } from './config';
import { describeFailure, getInternalError, getServiceUnavailable, type VerdaccioError } from './errors';
import { readDatabase, updateDatabase } from './database';
import { fileKey, packageFolder, PACKAGE_FILE } from './keys';
import { logFailure, type Logger } from './logger';
import { AzurePackageStorage } from './package-storage';

// Verdaccio 6.8 storage plugin on Azure Blob Storage (`store: { azure-blob-storage: ... }`): the
// IPluginStorage side (package list, token secret, search); each package's files are AzurePackageStorage.
// Verdaccio loads it by name (plugins dir or node_modules: verdaccio-azure-blob-storage) and calls
// `new exports.default(mergedConfig, { config, logger })`.

type Callback = (err?: Error | null, value?: unknown) => void;

interface VerdaccioConfig {
  store?: Record<string, unknown>;
  getMatchedPackagesSpec?: (name: string) => { storage?: unknown } | undefined;
}

export interface PluginOptions {
  config: VerdaccioConfig;
  logger: Logger;
}

interface SearchItem {
  name: string;
  path: string;
  time: number;
}

export default class AzureBlobStorage {
  readonly settings: AzurePluginConfig;
  private readonly container: ContainerClient;
  private readonly logger: Logger;
  private readonly appConfig: VerdaccioConfig;
  /** The secret getSecret found, to tell our own first write from another instance's. */
  private secretRead: string | undefined;

  constructor(config: VerdaccioConfig, options: PluginOptions, env: Record<string, string | undefined> = process.env) {
    this.logger = options.logger;
    this.appConfig = options.config ?? config;
    this.settings = readPluginConfig(config?.store?.[PLUGIN_ID] ?? this.appConfig.store?.[PLUGIN_ID], env);
    this.container = createContainerClient(this.settings);
    this.logger.info({ container: this.settings.container, prefix: this.settings.keyPrefix }, 'azure-blob-storage: container @{container}, key prefix "@{prefix}"');
  }

  /** Called once at start-up: a missing container or a refused key stops Verdaccio with a clear message. */
  async getSecret(): Promise<string> {
    try {
      this.secretRead = (await readDatabase(this.container, this.settings.keyPrefix)).secret;
      return this.secretRead;
    } catch (error) {
      throw this.fatal('reading the package list', error);
    }
  }

  /**
   * Verdaccio stores the secret it read, or a new one on first start. Two instances starting together
   * on an empty container would each write their own: the second one stops instead (its restart reads
   * the stored secret), so tokens the first one signs keep working.
   */
  async setSecret(secret: string): Promise<void> {
    let raced = false;
    try {
      await updateDatabase(this.container, this.settings.keyPrefix, (db) => {
        if (db.secret === secret) return false;
        raced = this.secretRead !== undefined && db.secret !== this.secretRead;
        if (raced) return false;
        db.secret = secret;
        return true;
      });
    } catch (error) {
      throw this.fatal('saving the token secret', error);
    }
    if (raced) throw this.fatal('saving the token secret', { name: 'SecretChangedMeanwhile' });
  }

  add(name: string, callback: Callback): void {
    this.change('adding a package to the list', (list) => (list.includes(name) ? false : (list.push(name), true)), callback);
  }

  remove(name: string, callback: Callback): void {
    this.change('removing a package from the list', (list) => {
      const at = list.indexOf(name);
      if (at === -1) return false;
      list.splice(at, 1);
      return true;
    }, callback);
  }

  get(callback: Callback): void {
    readDatabase(this.container, this.settings.keyPrefix).then(
      (db) => callback(null, db.list),
      (error) => callback(this.failure('reading the package list', error)),
    );
  }

  /** Every listed package whose package.json is there, with its last change (for `npm search`). */
  search(onPackage: (item: SearchItem, cb: (err?: Error | null) => void) => void, onEnd: (err?: Error | null) => void): void {
    (async () => {
      const { list } = await readDatabase(this.container, this.settings.keyPrefix);
      for (const name of list) {
        const key = fileKey(this.folderOf(name), PACKAGE_FILE);
        const properties = await this.container.getBlockBlobClient(key).getProperties().catch(() => null);
        if (!properties?.lastModified) continue;
        await new Promise<void>((resolve, reject) => onPackage({ name, path: name, time: properties.lastModified!.getTime() }, (err) => (err ? reject(err) : resolve())));
      }
    })().then(
      () => onEnd(),
      (error) => onEnd(error instanceof Error && 'status' in error ? error : this.failure('searching', error)),
    );
  }

  getPackageStorage(packageName: string): AzurePackageStorage {
    return new AzurePackageStorage(this.container, this.folderOf(packageName), this.logger);
  }

  // Tokens stay in Verdaccio's JWTs, as with verdaccio-aws-s3-storage.
  saveToken(): Promise<never> {
    return Promise.reject(getServiceUnavailable('[saveToken] method not implemented'));
  }

  deleteToken(): Promise<never> {
    return Promise.reject(getServiceUnavailable('[deleteToken] method not implemented'));
  }

  readTokens(): Promise<never> {
    return Promise.reject(getServiceUnavailable('[readTokens] method not implemented'));
  }

  private folderOf(packageName: string): string {
    const spec = this.appConfig.getMatchedPackagesSpec?.(packageName);
    return packageFolder(this.settings.keyPrefix, packageName, spec?.storage);
  }

  private change(operation: string, edit: (list: string[]) => boolean, callback: Callback): void {
    updateDatabase(this.container, this.settings.keyPrefix, (db) => edit(db.list)).then(
      () => callback(null),
      (error) => callback(this.failure(operation, error)),
    );
  }

  private failure(operation: string, error: unknown): VerdaccioError {
    const converted = getInternalError(describeFailure(operation, error));
    logFailure(this.logger, converted);
    return converted;
  }

  private fatal(operation: string, error: unknown): Error {
    const message = `${describeFailure(operation, error)} (container ${this.settings.container})`;
    this.logger.error({ reason: message }, '@{reason}');
    return new Error(message);
  }
}
