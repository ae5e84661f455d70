/**
 * `bin/stylegan-v project-video`: frames sky64 rendered itself (by `render`) are projected, and `render --ws
 * --motion-z` plays the fit at the clip's times and past its end; frame patterns from 0 or 1, video files
 * through ffmpeg, and clips that cannot be projected get one clear line and exit code 2.
 */
import { execFile, spawnSync } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cli } from './support/cli';

const MODEL = resolve(import.meta.dirname, '../public/models/sky64');
const BIN = resolve(import.meta.dirname, '../bin/stylegan-v');

function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^stylegan-v: /);
  expect(lines[0]).toMatch(pattern);
}

function rgb(file: string): Uint8Array {
  const { data } = PNG.sync.read(readFileSync(file));
  return Uint8Array.from(data.filter((_, i) => i % 4 !== 3));
}

function psnr8(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

const hasFfmpeg = !spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).error;

describe('bin/stylegan-v project-video', () => {
  const work = mkdtempSync(join(tmpdir(), 'stylegan-v-project-video-'));
  const clipTimes = [0, 8, 16, 24];
  beforeAll(async () => {
    const made = await cli(
      'render',
      MODEL,
      '--seed',
      '4',
      '--motion-seed',
      '2',
      '--t',
      clipTimes.join(','),
      '--png',
      join(work, 'clip-%d.png'),
    );
    expect(made.code).toBe(0);
  }, 60_000);
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('projects rendered frames; render --ws --motion-z plays the fit at the clip times and past its end', async () => {
    const ws = join(work, 'ws.f32');
    const motion = join(work, 'motion_z.f32');
    const result = await cli(
      'project-video',
      MODEL,
      join(work, 'clip-%d.png'),
      '--out-ws',
      ws,
      '--out-motion',
      motion,
      '--t-step',
      '8',
      '--steps',
      '30',
      '--picture-steps',
      '50',
      '--motion-seed',
      '7',
    );
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/projected 4 frames \(t = 0 to 24, every 8\)/);
    const printed = Number(/mean PSNR (\d+\.\d+) dB over 4 frames/.exec(result.stdout)?.[1]);
    expect(printed).toBeGreaterThan(28);
    expect(statSync(ws).size).toBe(10 * 128 * 4);
    // t up to max_num_frames (256): left code 8, right code 9, which reads rows 9 .. 9 + 20.
    expect(statSync(motion).size).toBe(30 * 128 * 4);

    const later = [40, 100, 256];
    const rendered = await cli(
      'render',
      MODEL,
      '--ws',
      ws,
      '--motion-z',
      motion,
      '--t',
      [...clipTimes, ...later].join(','),
      '--png',
      join(work, 'fit-%d.png'),
    );
    expect(rendered.stderr).toBe('');
    expect(rendered.code).toBe(0);
    const psnrs = clipTimes.map((_, k) => psnr8(rgb(join(work, `fit-${k}.png`)), rgb(join(work, `clip-${k}.png`))));
    const mean = psnrs.reduce((a, b) => a + b, 0) / psnrs.length;
    expect(Math.abs(mean - printed)).toBeLessThan(0.5);
    for (const p of psnrs) expect(p).toBeGreaterThan(25);
    // Past the end it keeps playing: every later frame differs from the one before.
    for (let k = clipTimes.length; k < clipTimes.length + later.length; k++)
      expect(rgb(join(work, `fit-${k}.png`))).not.toEqual(rgb(join(work, `fit-${k - 1}.png`)));
    // The file covers what it says and no more than render can check.
    const beyond = await cli(
      'render',
      MODEL,
      '--ws',
      ws,
      '--motion-z',
      motion,
      '--t',
      '300',
      '--png',
      join(work, 'x-%d.png'),
    );
    expectOneLineError(beyond, /motion_z file has 30 codes; --t up to 300 needs/);
  }, 240_000);

  it('reads %0Nd patterns numbered from 1, and video files through ffmpeg', async () => {
    const frames = join(work, 'from-one');
    mkdirSync(frames);
    for (let k = 0; k < 3; k++)
      copyFileSync(join(work, `clip-${k}.png`), join(frames, `${String(k + 1).padStart(4, '0')}.png`));
    copyFileSync(join(work, 'clip-3.png'), join(frames, '0006.png')); // after a gap: not read
    const args = [
      '--out-ws',
      join(work, 'a.f32'),
      '--out-motion',
      join(work, 'b.f32'),
      '--steps',
      '1',
      '--picture-steps',
      '1',
    ];
    const pattern = await cli('project-video', MODEL, join(frames, '%04d.png'), ...args);
    expect(pattern.code).toBe(0);
    expect(pattern.stdout).toMatch(/projected 3 frames \(t = 0 to 2, every 1\)/);
    if (!hasFfmpeg) return;
    const video = join(work, 'clip.mp4');
    const made = spawnSync('ffmpeg', [
      '-v',
      'error',
      '-framerate',
      '25',
      '-i',
      join(work, 'clip-%d.png'),
      '-pix_fmt',
      'yuv420p',
      video,
    ]);
    expect(made.status).toBe(0);
    const fromVideo = await cli('project-video', MODEL, video, ...args);
    expect(fromVideo.stderr).toBe('');
    expect(fromVideo.code).toBe(0);
    expect(fromVideo.stdout).toMatch(/projected 4 frames/);
  }, 120_000);

  describe('refuses clips that cannot be projected with one clear line, writing nothing', () => {
    const out = () => ['--out-ws', join(work, 'bad-ws.f32'), '--out-motion', join(work, 'bad-motion.f32')];
    const bad = () => join(work, 'bad');
    beforeAll(() => {
      mkdirSync(bad());
      writeFileSync(join(bad(), 'text-0.png'), 'hello, not a picture');
      writeFileSync(join(bad(), 'text-1.png'), 'hello, not a picture');
      copyFileSync(join(work, 'clip-0.png'), join(bad(), 'single-0.png'));
      const header = new Uint8Array(33);
      header.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
      new DataView(header.buffer).setUint32(16, 20000);
      new DataView(header.buffer).setUint32(20, 20000);
      header.set([8, 2, 0, 0, 0], 24);
      writeFileSync(join(bad(), 'huge-0.png'), header);
      writeFileSync(join(bad(), 'huge-1.png'), header);
      writeFileSync(join(bad(), 'notes.mp4'), 'not a video either');
    });
    const cases: Array<[string, string[], RegExp]> = [
      ['text-%d.png', [], /text-0\.png is not a picture \(not PNG, JPEG or WebP\)/],
      ['none-%d.png', [], /no frames match .*none-%d\.png \(looked for .*none-0\.png and .*none-1\.png\)/],
      ['single-%d.png', [], /single-%d\.png has one frame: a video projection needs at least 2/],
      ['huge-%d.png', [], /huge-0\.png is 20000x20000 pixels/],
      ['x-%d-%d.png', [], /must hold one %d or %0Nd/],
      ['missing.mp4', [], /cannot read .*missing\.mp4/],
      ['text-%d.png', ['--t-step', '0'], /--t-step must be a number above 0/],
    ];
    if (hasFfmpeg) cases.push(['notes.mp4', [], /notes\.mp4 is not a video ffmpeg can read/]);
    it.each(cases)(
      '%s %j',
      async (name, extra, message) => {
        expectOneLineError(
          await cli('project-video', MODEL, join(bad(), name), ...out(), '--steps', '1', ...extra),
          message,
        );
        expect(existsSync(join(work, 'bad-ws.f32'))).toBe(false);
        expect(existsSync(join(work, 'bad-motion.f32'))).toBe(false);
      },
      60_000,
    );
    it('needs both outputs', async () => {
      expectOneLineError(
        await cli('project-video', MODEL, join(work, 'clip-%d.png'), '--out-ws', join(work, 'o.f32')),
        /--out-motion is required/,
      );
    }, 60_000);
  });

  it('names the Debian package when a video file needs ffmpeg and it is missing', async () => {
    // A PATH with node and nothing else: bin/stylegan-v runs, ffmpeg cannot be found.
    const bin = join(work, 'path-without-ffmpeg');
    mkdirSync(bin);
    symlinkSync(process.execPath, join(bin, 'node'));
    writeFileSync(join(work, 'clip.webm'), 'a video file, as far as its name says');
    const result = await promisify(execFile)(
      BIN,
      [
        'project-video',
        MODEL,
        join(work, 'clip.webm'),
        '--out-ws',
        join(work, 'c.f32'),
        '--out-motion',
        join(work, 'd.f32'),
      ],
      { env: { ...process.env, PATH: bin }, encoding: 'utf8' },
    ).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => error,
    );
    expectOneLineError(result, /needs ffmpeg, which is not installed: install the Debian package ffmpeg/);
  }, 60_000);
});
