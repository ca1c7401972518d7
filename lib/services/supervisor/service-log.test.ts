import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ServiceLog } from './service-log';

describe('ServiceLog', () => {
  it('redacts whole lines even when a secret is split across chunks, and rotates past its cap', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'service-log-'));
    const file = path.join(dir, 'svc.log');
    const log = ServiceLog.acquire(file, ['hunter2-secret'], 200);
    const other = ServiceLog.acquire(file, ['second-writer-secret']);
    expect(other).toBe(log);
    const stream = Readable.from(['token hunter2-', 'secret here\n', ...Array.from({ length: 10 }, (_, i) => `line ${i} ${'x'.repeat(30)}\n`)]);
    log.follow(stream);
    await new Promise((resolve) => stream.on('end', resolve));
    other.note('second-writer-secret leaked?');
    other.release();
    log.release();
    const current = fs.readFileSync(file, 'utf8');
    const previous = fs.readFileSync(`${file}.1`, 'utf8');
    expect(`${previous}${current}`).not.toContain('hunter2');
    expect(`${previous}${current}`).not.toContain('second-writer-secret');
    expect(`${previous}${current}`).toContain('[redacted] leaked?');
    expect(fs.statSync(file).size).toBeLessThanOrEqual(200);
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(current).toContain('line 9');
    fs.rmSync(dir, { recursive: true });
  });
});
