import 'server-only';
import { readEnvPresence } from '@/lib/env';

/**
 * Which links of the AWS SDK's credential chain this process is set up for. The SDK's own providers
 * read the values; the console only needs to know which links were configured, to say which ones it
 * tried and which one failed.
 */
export interface AwsChainHints {
  /** AWS_PROFILE: the SDK then skips the environment keys. */
  profileNamed: boolean;
  environmentKeys: boolean;
  webIdentityTokenFile: boolean;
  containerCredentials: boolean;
  instanceMetadataDisabled: boolean;
}

const CHAIN_VARIABLES = [
  'AWS_PROFILE',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_WEB_IDENTITY_TOKEN_FILE',
  'AWS_CONTAINER_CREDENTIALS_FULL_URI',
  'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI',
  'AWS_EC2_METADATA_DISABLED',
] as const;

export function readAwsChainHints(env?: Readonly<Record<string, string | undefined>>): AwsChainHints {
  const presence = readEnvPresence(CHAIN_VARIABLES, env);
  const set = (name: (typeof CHAIN_VARIABLES)[number]) => presence(name) !== 'unset';
  return {
    profileNamed: set('AWS_PROFILE'),
    environmentKeys: set('AWS_ACCESS_KEY_ID') && set('AWS_SECRET_ACCESS_KEY'),
    webIdentityTokenFile: set('AWS_WEB_IDENTITY_TOKEN_FILE'),
    containerCredentials: set('AWS_CONTAINER_CREDENTIALS_FULL_URI') || set('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI'),
    instanceMetadataDisabled: presence('AWS_EC2_METADATA_DISABLED') === 'set',
  };
}
