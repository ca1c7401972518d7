import { describe, expect, it } from 'vitest';
import { problemText } from '@/lib/i18n/lookup';
import { translatorFor } from '@/lib/i18n/translator';
import en from '@/messages/en.json';
import fr from '@/messages/fr.json';
import zh from '@/messages/zh.json';
import { createPackagesSettingsSchema, fieldProblems, type PackagesSchemaOptions } from '@/lib/settings/schema';
import { ecosystemSettingsOf, ecosystemValuesFrom, ECOSYSTEMS } from './catalog';

// The Ecosystem Toggles through the form's one schema: what the browser and the server both refuse.

const s3 = {
  enabled: true,
  storageType: 's3',
  serviceUrl: 'https://s3.us-west-2.amazonaws.com',
  bucket: 'ghe-packages',
  accessKey: 'AKIAIOSFODNN7EXAMPLE',
  secretKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
  region: '',
  pathStyle: 'auto',
  version: 3,
};
const azure = {
  enabled: true,
  storageType: 'azure',
  azureContainerName: 'packages',
  azureConnectionString: 'DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=a2V5;EndpointSuffix=core.windows.net',
  version: 3,
};

function parse(input: Record<string, unknown>, options: Partial<PackagesSchemaOptions> = {}) {
  const result = createPackagesSettingsSchema({ storedSecrets: [], ...options }).safeParse(input);
  return result.success ? { data: result.data as unknown as Record<string, unknown>, problems: [] } : { data: null, problems: fieldProblems(result.error) };
}

const byId = (id: string) => ECOSYSTEMS.find((spec) => spec.id === id)!;
const [npm, buildCache, registry] = [byId('npm'), byId('build-cache'), byId('container-registry')];

describe('Ecosystem Toggles', () => {
  it('may be left out of a request (forms and scripts from before them keep the saved ones)', () => {
    const { data, problems } = parse(s3);
    expect(problems).toEqual([]);
    expect(data).not.toHaveProperty('npmMode');
    expect(data).not.toHaveProperty('buildCacheMode');
  });

  it('take each of the three modes on S3 with access keys and on Azure', () => {
    for (const mode of ['enabled', 'read-only', 'disabled']) {
      expect(parse({ ...s3, npmMode: mode, buildCacheMode: mode }).problems).toEqual([]);
      expect(parse({ ...azure, npmMode: mode, buildCacheMode: mode, npmUpstreaming: 'enabled' }).problems).toEqual([]);
    }
  });

  it('refuse a value outside the choices, on its row', () => {
    expect(parse({ ...s3, npmMode: 'on' }).problems).toEqual([{ field: 'npmMode', code: 'modeInvalid', namespace: 'Ecosystems.validation' }]);
    expect(parse({ ...s3, npmUpstreaming: 'read-only' }).problems).toEqual([{ field: 'npmUpstreaming', code: 'choiceInvalid', namespace: 'Ecosystems.validation' }]);
  });

  it('refuse an ecosystem its service cannot serve with the chosen authentication, on its row only', () => {
    const role = { ...s3, accessKey: '', secretKey: '', authMode: 'assume-role', roleArn: 'arn:aws:iam::123456789012:role/packages' };
    expect(parse({ ...role, npmMode: 'read-only', buildCacheMode: 'disabled' }).problems).toEqual([
      { field: 'npmMode', code: 'authModeUnsupported', params: {}, namespace: 'Ecosystems.validation' },
    ]);
    expect(parse({ ...role, npmMode: 'disabled' }).problems).toEqual([]);
  });

  it('refuse an ecosystem whose storage the server reaches through its proxy, as the server says', () => {
    const proxied = () => true;
    const found = parse({ ...s3, npmMode: 'enabled', buildCacheMode: 'enabled' }, { proxied }).problems.map((problem) => [problem.field, problem.code]);
    expect(found).toEqual([
      ['npmMode', 'proxyUnsupported'],
      ['buildCacheMode', 'proxyUnsupported'],
    ]);
    expect(parse({ ...s3, npmMode: 'enabled' }, { proxied: () => false }).problems).toEqual([]);
    // npm's Azure plugin is given the proxy; the build cache's SDK is not.
    expect(parse({ ...azure, npmMode: 'enabled', buildCacheMode: 'enabled' }, { proxied }).problems.map((problem) => problem.field)).toEqual(['buildCacheMode']);
  });

  it('refuse the Container registry on Azure Blob Storage on its row: Debian’s registry has no driver for it', () => {
    expect(parse({ ...azure, containerRegistryMode: 'enabled', npmMode: 'enabled' }).problems).toEqual([
      { field: 'containerRegistryMode', code: 'storageDriverMissing', params: { supportedTypes: 'S3Storage.typeLabel' }, namespace: 'Ecosystems.validation' },
    ]);
    expect(parse({ ...azure, containerRegistryMode: 'disabled' }).problems).toEqual([]);
    expect(parse({ ...s3, containerRegistryMode: 'read-only' }).problems).toEqual([]);
  });

  it('name the storage types the refused registry can use, in each language', () => {
    const [problem] = parse({ ...azure, containerRegistryMode: 'enabled' }).problems;
    expect(problem).toBeDefined();
    const text = (locale: 'en' | 'fr' | 'zh', params = problem!.params) => problemText({ ...problem!, params }, translatorFor(locale, { en, fr, zh }[locale]).lookup);
    expect(text('en')).toMatch(/ Choose Amazon S3 as the storage type, or set this ecosystem to Disabled\.$/);
    expect(text('zh')).toMatch(/请将存储类型改为 Amazon S3，或将此生态系统设为已禁用。$/);
    expect(text('fr')).toMatch(/ Choisissez Amazon S3 comme type de stockage, ou désactivez cet écosystème\.$/);
    // Two types read as a list of the language; none, as before there was a hint.
    expect(text('fr', { supportedTypes: 'S3Storage.typeLabel AzureStorage.storageTypeOption' })).toContain('Choisissez Amazon S3 ou Stockage Blob Azure comme type de stockage');
    expect(text('zh', { supportedTypes: 'S3Storage.typeLabel AzureStorage.storageTypeOption' })).toContain('请将存储类型改为 Amazon S3或Azure Blob 存储');
    expect(text('en', { supportedTypes: 'none' })).toContain('Choose another storage type, or set');
    // As a run stored it before the types were named.
    expect(text('fr', {})).toMatch(/ Choisissez un autre type de stockage, ou désactivez cet écosystème\.$/);
  });

  it('are kept, unchecked, while GitHub Packages is disabled', () => {
    expect(parse({ enabled: false, version: 3, npmMode: 'enabled', authMode: 'assume-role' }).problems).toEqual([]);
  });

  it('travel to the applied configuration by settings key suffix and back', () => {
    const values = { containerRegistryMode: 'enabled', containerRegistryAnonymousPulls: 'enabled', npmMode: 'read-only', npmUpstreaming: 'enabled', buildCacheMode: 'enabled', buildCacheAnonymousReads: 'disabled' };
    const settings = ecosystemSettingsOf(values);
    expect(settings).toEqual({ [registry.id]: 'enabled', [`${registry.id}-anonymous-pulls`]: 'enabled', [npm.id]: 'read-only', [`${npm.id}-upstreaming`]: 'enabled', [buildCache.id]: 'enabled', [`${buildCache.id}-anonymous-reads`]: 'disabled' });
    expect(ecosystemValuesFrom(settings)).toEqual(values);
    expect(ecosystemValuesFrom({})).toEqual({ containerRegistryMode: 'disabled', containerRegistryAnonymousPulls: 'disabled', npmMode: 'disabled', npmUpstreaming: 'disabled', buildCacheMode: 'disabled', buildCacheAnonymousReads: 'disabled' });
  });
});
