import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkOutputFile, checkOutputPattern, withOutputs } from './outputs';

const work = mkdtempSync(join(tmpdir(), 'stylegan-v-outputs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('staged outputs', () => {
  it('a failed command leaves earlier files as they were and no temporary file; a good one moves all into place', async () => {
    const dir = join(work, 'a');
    mkdirSync(dir);
    writeFileSync(join(dir, 'frames.f32'), 'earlier good frames');
    const failing = withOutputs('render', 'frames.f32', async (outputs) => {
      const out = await outputs.open(join(dir, 'frames.f32'));
      await out.write(new Uint8Array(8), 0, 8, 1000);
      await outputs.write(join(dir, 'p-0.png'), new Uint8Array([1, 2, 3]));
      expect(readdirSync(dir).filter((n) => n.includes('.partial-'))).toHaveLength(2);
      throw new Error('frame 3 failed');
    });
    await expect(failing).rejects.toThrow('frame 3 failed');
    expect(readdirSync(dir)).toEqual(['frames.f32']);
    expect(readFileSync(join(dir, 'frames.f32'), 'utf8')).toBe('earlier good frames');

    await withOutputs('render', 'frames.f32', async (outputs) => {
      const out = await outputs.open(join(dir, 'frames.f32'));
      await out.write(new Uint8Array([9, 9]), 0, 2, 2);
      await outputs.write(join(dir, 'p-0.png'), new Uint8Array([1]));
      await outputs.write(join(dir, 'p-0.png'), new Uint8Array([2]));
    });
    expect(readdirSync(dir).sort()).toEqual(['frames.f32', 'p-0.png']);
    expect([...readFileSync(join(dir, 'frames.f32'))]).toEqual([0, 0, 9, 9]);
    expect([...readFileSync(join(dir, 'p-0.png'))]).toEqual([2]);
  });

  it('a staged model folder appears only when the command succeeds', async () => {
    const target = join(work, 'model');
    await expect(
      withOutputs('conversion', target, async (outputs) => {
        await (await outputs.folder(target)).sink.writeShard('group1-shard1of1.bin', new Uint8Array(4));
        throw new Error('bad snapshot');
      }),
    ).rejects.toThrow('bad snapshot');
    expect(readdirSync(work).filter((n) => n.includes('model'))).toEqual([]);
  });

  it('checks output folders before any work: missing, a file, the target a folder', async () => {
    writeFileSync(join(work, 'plain'), 'x');
    await expect(checkOutputFile(join(work, 'nope', 'x.f32'), '--out')).rejects.toThrow(
      /the folder .*nope does not exist/,
    );
    await expect(checkOutputFile(join(work, 'plain', 'x.f32'), '--out')).rejects.toThrow(/plain is not a folder/);
    await expect(checkOutputFile(work, '--out')).rejects.toThrow(/is a folder: give a file name/);
    await expect(checkOutputFile(join(work, 'ok.f32'), '--out')).resolves.toBeUndefined();
    mkdirSync(join(work, 'frames-1'));
    mkdirSync(join(work, 'pngs'));
    mkdirSync(join(work, 'pngs', 'p-2.png'));
    // %d in a folder name: every folder is checked, not only the first one.
    await expect(checkOutputPattern(join(work, 'frames-%d', 'p.png'), [1, 2], '--png')).rejects.toThrow(
      /frames-2 does not exist/,
    );
    await expect(checkOutputPattern(join(work, 'pngs', 'p-%d.png'), [0, 1, 2], '--png')).rejects.toThrow(
      /p-2\.png is a folder/,
    );
    expect(readdirSync(work).filter((n) => n.includes('probe'))).toEqual([]);
  });
});
