/**
 * `bin/stylegan-v project` and `render --ws`: a frame sky64 made itself is projected back, the ws file renders
 * it again (and animates it), and bad pictures get one clear line and exit code 2.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli';
import { convertReferenceModel } from './support/models';

const IMAGES = resolve(__dirname, 'fixtures/images');

function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^stylegan-v: /);
  expect(lines[0]).toMatch(pattern);
}

function psnr8(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

describe('bin/stylegan-v project', () => {
  const work = mkdtempSync(join(tmpdir(), 'stylegan-v-project-'));
  let model: string;
  beforeAll(async () => {
    model = await convertReferenceModel('sky64');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('projects a PNG into ws.f32 and prints the PSNR; render --ws shows it again and animates it', async () => {
    const made = await cli(
      'render',
      model,
      '--seed',
      '2',
      '--motion-seed',
      '3',
      '--t',
      '0',
      '--png',
      join(work, 'target-%d.png'),
    );
    expect(made.code).toBe(0);
    const ws = join(work, 'ws.f32');
    const result = await cli(
      'project',
      model,
      join(work, 'target-0.png'),
      '--out',
      ws,
      '--steps',
      '60',
      '--motion-seed',
      '3',
      '--png',
      join(work, 'step-%d.png'),
      '--png-every',
      '20',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(statSync(ws).size).toBe(10 * 128 * 4);
    const printed = Number(/PSNR (\d+\.\d+) dB/.exec(result.stdout)?.[1]);
    expect(printed).toBeGreaterThan(25);
    for (const step of [20, 40, 60])
      expect(PNG.sync.read(readFileSync(join(work, `step-${step}.png`)))).toMatchObject({ width: 64, height: 64 });
    expect(existsSync(join(work, 'step-10.png'))).toBe(false);

    const rendered = await cli(
      'render',
      model,
      '--ws',
      ws,
      '--motion-seed',
      '3',
      '--t',
      '0,100',
      '--png',
      join(work, 'again-%d.png'),
    );
    expect(rendered.code).toBe(0);
    const rgb = (file: string) => {
      const { data } = PNG.sync.read(readFileSync(join(work, file)));
      return Uint8Array.from(data.filter((_, i) => i % 4 !== 3));
    };
    expect(Math.abs(psnr8(rgb('again-0.png'), rgb('target-0.png')) - printed)).toBeLessThan(0.5);
    expect(rgb('again-1.png')).not.toEqual(rgb('again-0.png'));
  });

  it('refuses a ws file of the wrong size, and --psi with --ws', async () => {
    const wrong = join(work, 'short.f32');
    writeFileSync(wrong, new Uint8Array(4 * 100));
    expectOneLineError(
      await cli('render', model, '--ws', wrong, '--motion-seed', '1', '--t', '0', '--png', join(work, 'x-%d.png')),
      /ws file .* has 100 values; this model needs 10 x 128 = 1280/,
    );
    expectOneLineError(
      await cli(
        'render',
        model,
        '--ws',
        wrong,
        '--psi',
        '0.5',
        '--motion-seed',
        '1',
        '--t',
        '0',
        '--png',
        join(work, 'x-%d.png'),
      ),
      /--psi does not apply to --ws/,
    );
    expectOneLineError(
      await cli(
        'render',
        model,
        '--ws',
        wrong,
        '--seed',
        '1',
        '--motion-seed',
        '1',
        '--t',
        '0',
        '--png',
        join(work, 'x-%d.png'),
      ),
      /exactly one of --z, --seed or --ws/,
    );
  });

  it.each([
    ['not-an-image.txt', /not-an-image\.txt is not a picture \(not PNG, JPEG or WebP\)/],
    ['empty.png', /empty\.png is empty \(0 bytes\)/],
    ['truncated.png', /truncated\.png could not be decoded as PNG .*damaged or truncated/],
    ['huge.png', /huge\.png is 20000x20000 pixels .*scale it down first/],
    ['missing.png', /cannot read .*missing\.png/],
  ])('refuses %s with one clear line', async (name, message) => {
    if (name === 'huge.png') {
      const header = new Uint8Array(33);
      header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      new DataView(header.buffer).setUint32(16, 20000);
      new DataView(header.buffer).setUint32(20, 20000);
      header.set([8, 2, 0, 0, 0], 24);
      writeFileSync(join(work, name), header);
    }
    const file = name === 'huge.png' || name === 'missing.png' ? join(work, name) : join(IMAGES, name);
    const out = join(work, `${name}.f32`);
    expectOneLineError(await cli('project', model, file, '--out', out, '--steps', '2'), message);
    expect(existsSync(out)).toBe(false);
  });

  it('notes greyscale, transparency and CMYK, and refuses bad options and crops', async () => {
    const grey = await cli(
      'project',
      model,
      join(IMAGES, 'halves-grey-alpha.png'),
      '--out',
      join(work, 'grey.f32'),
      '--steps',
      '2',
      '--space',
      'w',
    );
    expect(grey.code).toBe(0);
    expect(grey.stderr).toMatch(
      /^note: greyscale picture: projected as grey RGB\nnote: transparent pixels composited over white\n$/,
    );
    const cmyk = await cli(
      'project',
      model,
      join(IMAGES, 'halves-cmyk.jpg'),
      '--out',
      join(work, 'cmyk.f32'),
      '--steps',
      '2',
      '--crop',
      '0,0,32',
    );
    expect(cmyk.code).toBe(0);
    expect(cmyk.stderr).toMatch(/note: CMYK JPEG: converted to RGB/);
    const image = join(IMAGES, 'halves-rgb.png');
    expectOneLineError(
      await cli('project', model, image, '--out', join(work, 'a.f32'), '--crop', '40,0,16'),
      /crop 16x16 at \(40, 0\) is not a square of whole pixels inside the 48x32 picture/,
    );
    expectOneLineError(
      await cli('project', model, image, '--out', join(work, 'a.f32'), '--space', 'z'),
      /--space must be w or w\+/,
    );
    expectOneLineError(await cli('project', model, image, '--steps', '2'), /--out is required/);
    expectOneLineError(
      await cli('project', model, image, '--out', join(work, 'a.f32'), '--motion-seed', '1', '--motion-search', '4'),
      /--motion-seed or --motion-search, not both/,
    );
  });
});
