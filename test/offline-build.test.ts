import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { offlineManifest } from '../tools/offline-build';

describe("the service worker's file list", () => {
  const dir = mkdtempSync(join(tmpdir(), 'offline-build-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const write = (path: string, text: string) => {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  };

  it('lists every file but the worker and the bench, with hashes; the version follows the content alone', () => {
    write('index.html', '<html>');
    write('assets/studio-abc.js', 'code');
    write('assets/bench-abc.js', 'bench code');
    write('bench.html', '<html>bench');
    write('models/sky64/model.json', '{}');
    write('sw.js', 'old worker');
    const first = offlineManifest(dir);
    expect(first.files.map((f) => f.path)).toEqual(['assets/studio-abc.js', 'index.html', 'models/sky64/model.json']);
    expect(first.files[0]).toMatchObject({ bytes: 4, hash: expect.stringMatching(/^[0-9a-f]{16}$/) });
    expect(first.version).toMatch(/^[0-9a-f]{12}$/);

    write('sw.js', 'another worker');
    write('bench.html', '<html>other bench');
    expect(offlineManifest(dir)).toEqual(first);

    write('models/sky64/model.json', '{"changed":true}');
    const second = offlineManifest(dir);
    expect(second.version).not.toBe(first.version);
    expect(second.files.find((f) => f.path === 'index.html')).toEqual(first.files.find((f) => f.path === 'index.html'));
    expect(second.files.find((f) => f.path.endsWith('model.json'))!.hash).not.toBe(first.files[2]!.hash);
  });
});
