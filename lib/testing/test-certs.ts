import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

// Certificates made at run time by scripts/test-certs.sh (openssl), shared by a test run.
export const CERT_NAMES = ['valid', 'wrong-host', 'expired', 'expiring', 'untrusted'] as const;
export type ServerCertName = (typeof CERT_NAMES)[number];

export interface TestCerts {
  dir: string;
  pem(name: string): string;
  key(name: ServerCertName): string;
}

export function makeTestCerts(dir = path.resolve('.tmp/certs')): TestCerts {
  execFileSync('bash', [path.resolve('scripts/test-certs.sh'), dir], { stdio: ['ignore', 'ignore', 'inherit'], timeout: 30_000 });
  return {
    dir,
    pem: (name) => readFileSync(path.join(dir, `${name}.pem`), 'utf8'),
    key: (name) => readFileSync(path.join(dir, `${name}.key`), 'utf8'),
  };
}
