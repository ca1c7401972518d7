import { describe, expect, it } from 'vitest';
import { readAwsChainHints } from './chain-hints';

describe('readAwsChainHints', () => {
  it('says which links are configured from which variables are set, blanks counting as unset', () => {
    expect(readAwsChainHints({})).toEqual({ profileNamed: false, environmentKeys: false, webIdentityTokenFile: false, containerCredentials: false, instanceMetadataDisabled: false });
    expect(
      readAwsChainHints({ AWS_PROFILE: 'ops', AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE', AWS_SECRET_ACCESS_KEY: ' ', AWS_WEB_IDENTITY_TOKEN_FILE: '/var/token', AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: '/v2/creds' }),
    ).toEqual({ profileNamed: true, environmentKeys: false, webIdentityTokenFile: true, containerCredentials: true, instanceMetadataDisabled: false });
  });

  it('counts instance metadata as disabled unless the variable says false, in any case', () => {
    expect(readAwsChainHints({ AWS_EC2_METADATA_DISABLED: 'true' }).instanceMetadataDisabled).toBe(true);
    expect(readAwsChainHints({ AWS_EC2_METADATA_DISABLED: ' FALSE ' }).instanceMetadataDisabled).toBe(false);
    expect(readAwsChainHints({ AWS_EC2_METADATA_DISABLED: '' }).instanceMetadataDisabled).toBe(false);
  });
});
