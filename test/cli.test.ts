import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli';
import { parityError, REFERENCE_MODELS, readFloat32, readReference } from './support/fixtures';
import { convertReferenceModel } from './support/models';

function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^stylegan-v: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe('bin/stylegan-v', () => {
  const work = mkdtempSync(join(tmpdir(), 'stylegan-v-cli-'));
  const tiny = REFERENCE_MODELS.tiny;
  let modelDir: string;
  beforeAll(async () => {
    modelDir = await convertReferenceModel('tiny');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('renders the official frames from explicit z, motion_z and t files', async () => {
    const c = readReference(tiny).cases[1]!;
    const out = join(work, 'frames.f32');
    const result = await cli(
      'render',
      modelDir,
      '--z',
      join(tiny, c.z.file),
      '--motion-z',
      join(tiny, c.motion_z.file),
      '--t',
      join(tiny, c.t.file),
      '--psi',
      String(c.truncation_psi),
      '--out',
      out,
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const ours = new Float32Array(new Uint8Array(readFileSync(out)).buffer);
    const { maxDiff, tolerance } = parityError(ours, readFloat32(tiny, c.frames));
    expect(maxDiff).toBeLessThanOrEqual(tolerance);
  });

  it('writes viewable PNGs from seeds and a list of times', async () => {
    const result = await cli(
      'render',
      modelDir,
      '--seed',
      '4',
      '--motion-seed',
      '2',
      '--t',
      '0,2.5,7.25',
      '--png',
      join(work, 'frame-%d.png'),
    );
    expect(result.code).toBe(0);
    for (let i = 0; i < 3; i++) {
      const png = readFileSync(join(work, `frame-${i}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect(png.readUInt32BE(16)).toBe(32);
      expect(png.readUInt32BE(20)).toBe(32);
    }
    expect(readFileSync(join(work, 'frame-0.png'))).not.toEqual(readFileSync(join(work, 'frame-2.png')));
  });

  it('prints the architecture of a model folder and of a snapshot as JSON', async () => {
    for (const target of [modelDir, join(tiny, 'network-snapshot.pkl')]) {
      const result = await cli('info', target);
      expect(result.code).toBe(0);
      const info = JSON.parse(result.stdout);
      expect(info.imgResolution).toBe(32);
      expect(info.motion.motionZDistance).toBe(16);
    }
  });

  it('explains bad input in one line, without a stack trace', async () => {
    expectOneLineError(
      await cli(
        'render',
        join(work, 'nope'),
        '--seed',
        '1',
        '--motion-seed',
        '1',
        '--t',
        '0',
        '--out',
        join(work, 'x'),
      ),
      /not a model folder/,
    );
    expectOneLineError(
      await cli('render', modelDir, '--seed', '1', '--t', '0', '--out', join(work, 'x')),
      /--motion-z or --motion-seed/,
    );
    expectOneLineError(
      await cli('render', modelDir, '--seed', 'abc', '--motion-seed', '1', '--t', '0', '--out', join(work, 'x')),
      /--seed must be a whole number from 0 to 4,294,967,295, got abc/,
    );
    expectOneLineError(
      await cli(
        'render',
        modelDir,
        '--seed',
        '1',
        '--motion-seed',
        '1',
        '--t',
        '0',
        '--class',
        '2',
        '--out',
        join(work, 'x'),
      ),
      /unconditional/,
    );
    expectOneLineError(await cli('render', modelDir, '--sed', '1'), /unknown option --sed/);
    expectOneLineError(await cli('frobnicate'), /unknown command/);
    const notPickle = join(work, 'page.pkl');
    writeFileSync(notPickle, '<!DOCTYPE html><html><body>Quota exceeded</body></html>');
    expectOneLineError(
      await cli('convert', notPickle, join(work, 'out')),
      /this is a web page, not a checkpoint: the download probably failed/,
    );
  });
});
