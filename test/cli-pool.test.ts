import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FRAMES_PER_REQUEST, frameChunks } from '../src/cli/render-pool';
import { Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { modelFilesFromDirectory } from '../src/model/node';
import { cli } from './support/cli';
import { convertReferenceModel } from './support/models';

describe('render over a pool of worker threads', () => {
  const work = mkdtempSync(join(tmpdir(), 'stylegan-v-pool-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  /** `render` of content seed 3, motion seed 5 at `times`, with more options. */
  const render = (modelDir: string, times: string, ...options: string[]) =>
    cli('render', modelDir, '--seed', '3', '--motion-seed', '5', '--t', times, ...options);

  it('splits frames into chunks that do not depend on the pool size', () => {
    expect(frameChunks([0, 1, 2, 3, 4], 2)).toEqual([[0, 1], [2, 3], [4]]);
    expect(frameChunks([], 2)).toEqual([]);
  });

  it('renders frames whose values do not depend on the frames requested with them', async () => {
    // Why any chunking (FRAMES_PER_REQUEST) gives the frames one whole-video render gives.
    await useNodeBackend('wasm');
    const generator = await Generator.load(modelFilesFromDirectory(await convertReferenceModel('sky64')));
    const video = generator.prepareVideo({ content: { seed: 3 }, motion: { seed: 5 } });
    try {
      const times = [0, 1.5, 7.75, 40];
      const together = await video.render(times);
      const all = Buffer.from((await together.data()) as Float32Array);
      together.dispose();
      const frameBytes = all.byteLength / times.length;
      for (const [i, t] of times.entries()) {
        const alone = await video.render([t]);
        expect(
          Buffer.from((await alone.data()) as Float32Array).equals(all.subarray(i * frameBytes, (i + 1) * frameBytes)),
          `t = ${t}`,
        ).toBe(true);
        alone.dispose();
      }
    } finally {
      video.dispose();
      generator.dispose();
    }
  });

  it('writes bit-identical frames and PNGs with 1 and 3 workers, in frame order', async () => {
    expect(FRAMES_PER_REQUEST).toBeLessThan(9);
    const modelDir = await convertReferenceModel('sky64');
    const times = '0,1.5,2,3.25,4,5,6,7.75,40';
    const one = await render(
      modelDir,
      times,
      '--out',
      join(work, 'one.f32'),
      '--png',
      join(work, 'one-%d.png'),
      '--workers',
      '1',
    );
    const three = await render(
      modelDir,
      times,
      '--out',
      join(work, 'three.f32'),
      '--png',
      join(work, 'three-%d.png'),
      '--workers',
      '3',
    );
    expect(one.code, one.stderr).toBe(0);
    expect(three.code, three.stderr).toBe(0);
    // At most one thread per core: on fewer than 3 cores the pool is capped, and says so.
    const threads = Math.min(3, availableParallelism());
    expect(three.stdout).toMatch(new RegExp(`\\(${threads} workers?\\)`));
    if (threads < 3) expect(three.stderr).toMatch(/^note: --workers 3 capped to \d: this machine has \d cores?$/m);
    const a = readFileSync(join(work, 'one.f32'));
    expect(a.byteLength).toBe(9 * 3 * 64 * 64 * 4);
    expect(readFileSync(join(work, 'three.f32')).equals(a)).toBe(true);
    for (let i = 0; i < 9; i++)
      expect(
        readFileSync(join(work, `three-${i}.png`)).equals(readFileSync(join(work, `one-${i}.png`))),
        `frame ${i}`,
      ).toBe(true);
    // Frame order: the frame at t = 40 (last) differs from the one at t = 0 (first).
    const frame = (i: number) => a.subarray(i * 3 * 64 * 64 * 4, (i + 1) * 3 * 64 * 64 * 4);
    expect(frame(0).equals(frame(8))).toBe(false);
  });

  it('refuses a spec the model refuses in one line, before the output file exists', async () => {
    const modelDir = await convertReferenceModel('sky64');
    const out = join(work, 'refused.f32');
    const result = await render(modelDir, '0,1,2', '--class', '2', '--out', out, '--workers', '2');
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe('stylegan-v: this model is unconditional: it takes no class');
    expect(existsSync(out)).toBe(false);
  });

  it('rejects a pool of no workers in one line', async () => {
    const result = await render('public/models/sky64', '0', '--out', join(work, 'x.f32'), '--workers', '0');
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toBe('stylegan-v: --workers must be a whole number from 1 to 256, got "0"');
  });
});
