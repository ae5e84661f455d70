import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs } from '../src/cli/args';
import { batchCount, parseGenerateArgs, shardBatches, videoSeeds } from '../src/cli/generate-plan';
import { isSeed } from '../src/engine/plain';
import { cli } from './support/cli';
import { convertReferenceModel } from './support/models';

/** Every file under a folder (relative path -> bytes), manifests left out. */
function filesOf(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (!name.startsWith('manifest')) out.set(relative(dir, p), readFileSync(p));
    }
  };
  walk(dir);
  return out;
}

function expectOneLineError(result: { code: number; stderr: string }, pattern: RegExp): void {
  expect(result.code).not.toBe(0);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^stylegan-v: /);
  expect(lines[0]).toMatch(pattern);
}

const hasFfmpeg = spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
// In CI ffmpeg is installed by tools/ensure-system-deps.sh: a missing one fails there instead of skipping.
const mp4Test = hasFfmpeg || process.env.CI ? it : it.skip;
if (!hasFfmpeg && !process.env.CI)
  console.warn('cli-generate: ffmpeg is not installed, skipping the --format mp4 test');

describe('seeds and shards (generate-plan)', () => {
  const options = (...argv: string[]) => parseGenerateArgs(parseArgs(['m', '--out-dir', 'o', ...argv], ['as-grids']));

  it("derives video i's seeds from (seed, i) alone: valid, distinct, 31-bit for studio links", () => {
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const s = videoSeeds(42, i, 3);
      expect(s).toEqual(videoSeeds(42, i, 3));
      expect(isSeed(s.content) && isSeed(s.motion) && s.content < 2 ** 31 && s.motion < 2 ** 31).toBe(true);
      expect(s.classIndex! >= 0 && s.classIndex! < 3).toBe(true);
      seen.add(s.content);
    }
    expect(seen.size).toBe(1000);
    expect(videoSeeds(43, 0, 0).content).not.toBe(videoSeeds(42, 0, 0).content);
    expect(videoSeeds(42, 0, 0).classIndex).toBeNull();
  });

  it('gives every batch to exactly one shard, whole', () => {
    for (const [videos, batch, shards] of [
      [10, 3, 4],
      [5, 32, 3],
      [100, 7, 100],
    ] as const) {
      const o = options('--num-videos', String(videos), '--batch-size', String(batch));
      const all = Array.from({ length: shards }, (_, i) => shardBatches({ ...o, shard: { index: i, count: shards } }));
      expect(all.flat()).toEqual(Array.from({ length: batchCount(o) }, (_, b) => b));
    }
  });

  it('refuses bad options with one message each', () => {
    const cases: [string[], RegExp][] = [
      [['--num-videos', '0'], /--num-videos must be a whole number from 1/],
      [[], /--num-videos is required/],
      [['--num-videos', '2', '--format', 'gif'], /--format must be png, f32 or mp4/],
      [['--num-videos', '2', '--seed', '-1'], /--seed must be a whole number from 0 to 4,294,967,295/],
      [['--num-videos', '2', '--slowmo', '0'], /--slowmo must be a positive number/],
      [['--num-videos', '2', '--time-offset', '1.5'], /--time-offset must be a whole number/],
      [['--num-videos', '2', '--noise-mode', 'random'], /not supported/],
      [['--num-videos', '2', '--moco-decomposition'], /needs --as-grids/],
      [['--num-videos', '6', '--as-grids', '--moco-decomposition', '--batch-size', '3'], /square --batch-size/],
      [['--num-videos', '2', '--as_grids', 'maybe'], /--as_grids must be 1 or 0/],
      [['--num-videos', '2', '--save_as_mp4', '1', '--format', 'png'], /contradicts --format png/],
      [['--num-videos', '2', '--frames', '3'], /unknown option --frames/],
      [['--num-videos', '2', '--video-len', '16', '--time-offset', '16777215'], /last frame's time/],
    ];
    for (const [argv, pattern] of cases) {
      expect(() =>
        parseGenerateArgs(parseArgs(['m', '--out-dir', 'o', ...argv], ['as-grids', 'moco-decomposition'])),
      ).toThrow(pattern);
    }
  });

  it('takes the official spellings', () => {
    const ours = options('--num-videos', '8', '--psi', '0.5', '--video-len', '4', '--format', 'mp4', '--as-grids');
    const theirs = parseGenerateArgs(
      parseArgs(
        ['m', '--outdir', 'o', '--num_videos', '8', '--truncation_psi', '0.5', '--video_len', '4'].concat([
          '--save_as_mp4',
          '1',
          '--as_grids',
          'true',
        ]),
      ),
    );
    expect(theirs).toEqual(ours);
  });
});

describe('bin/stylegan-v generate', () => {
  const work = mkdtempSync(join(tmpdir(), 'stylegan-v-generate-'));
  let model: string;
  beforeAll(async () => {
    model = await convertReferenceModel('tiny');
  });
  afterAll(() => rmSync(work, { recursive: true, force: true }));
  const generate = (out: string, ...options: string[]) =>
    cli('generate', model, '--num-videos', '5', '--video-len', '2', '--batch-size', '2', '--out-dir', out, ...options);

  it('writes with two shards exactly the files of one run, and resumes a killed run', async () => {
    const whole = join(work, 'whole');
    const one = await generate(whole);
    expect(one.stderr).toMatch(/generate: 5\/5 videos, [\d.]+ frames\/s, [\d:]+ left/);
    expect(one.code).toBe(0);
    const files = filesOf(whole);
    expect([...files.keys()]).toEqual(
      ['000000', '000001', '000002', '000003', '000004'].flatMap((v) => [`${v}/000000.png`, `${v}/000001.png`]),
    );
    const manifest = JSON.parse(readFileSync(join(whole, 'manifest.json'), 'utf8'));
    expect(manifest.outputs).toHaveLength(5);
    const first = manifest.outputs[0].videos[0];
    expect([first.index, first.contentSeed, first.motionSeed]).toEqual([
      0,
      videoSeeds(42, 0, 0).content,
      videoSeeds(42, 0, 0).motion,
    ]);
    expect(first.studio).toBe(`#model=tiny&content=${first.contentSeed}&motion=${first.motionSeed}&t=0`);

    const sharded = join(work, 'sharded');
    const results = await Promise.all([generate(sharded, '--shard', '0/2'), generate(sharded, '--shard', '1/2')]);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(filesOf(sharded)).toEqual(files);
    const shardManifests = [0, 1].map((i) =>
      JSON.parse(readFileSync(join(sharded, `manifest-shard-${i}-of-2.json`), 'utf8')),
    );
    expect(shardManifests.flatMap((m) => m.outputs)).toEqual(manifest.outputs);

    // A killed run: videos 0 and 1 complete, video 2 missing a frame and holding a stale temporary, 3 and 4 gone.
    rmSync(join(sharded, '000002', '000001.png'));
    writeFileSync(join(sharded, '000002', '.000001.png.partial-99999-0'), 'half a PNG');
    rmSync(join(sharded, '000003'), { recursive: true });
    rmSync(join(sharded, '000004'), { recursive: true });
    const before = ['000000/000000.png', '000001/000001.png'].map((f) => statSync(join(sharded, f)).mtimeMs);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const resumed = await generate(sharded);
    expect(resumed.code).toBe(0);
    expect(resumed.stdout).toMatch(/wrote 3 of 5 outputs .*\(2 already complete\)/);
    expect(['000000/000000.png', '000001/000001.png'].map((f) => statSync(join(sharded, f)).mtimeMs)).toEqual(before);
    expect(existsSync(join(sharded, '000002', '.000001.png.partial-99999-0'))).toBe(false);
    expect(filesOf(sharded)).toEqual(files);
  }, 120_000);

  it("renders a video's frames bit-identical to `render` of its seeds and times (f32)", async () => {
    const out = join(work, 'f32');
    const options = ['--video-len', '3', '--time-offset', '2', '--slowmo', '4', '--format', 'f32', '--seed', '7'];
    const result = await cli('generate', model, '--num-videos', '2', '--out-dir', out, ...options);
    expect(result.code).toBe(0);
    const video = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).outputs[1].videos[0];
    expect([video.contentSeed, video.motionSeed]).toEqual([videoSeeds(7, 1, 0).content, videoSeeds(7, 1, 0).motion]);
    const frames = join(work, 'render.f32');
    const render = await cli(
      'render',
      model,
      '--seed',
      String(video.contentSeed),
      '--motion-seed',
      String(video.motionSeed),
      '--t',
      '2,2.25,2.5',
      '--out',
      frames,
      '--workers',
      '1',
    );
    expect(render.code).toBe(0);
    expect(readFileSync(join(out, '000001.f32')).equals(readFileSync(frames))).toBe(true);
  }, 60_000);

  it('gives a conditional model the one-hot class of each video, in the manifest and its studio link', async () => {
    const cond = await convertReferenceModel('cond-noise-64');
    const out = join(work, 'cond');
    const result = await cli(
      'generate',
      cond,
      '--num-videos',
      '2',
      '--video-len',
      '1',
      '--psi',
      '0.5',
      '--out-dir',
      out,
    );
    expect(result.code).toBe(0);
    const videos = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')).outputs.map(
      (o: { videos: unknown[] }) => o.videos[0],
    );
    videos.forEach((video: { class: number; contentSeed: number; motionSeed: number; studio: string }, i: number) => {
      expect(video.class).toBe(videoSeeds(42, i, 3).classIndex);
      expect(video.studio).toBe(
        `#model=cond-noise-64&content=${video.contentSeed}&motion=${video.motionSeed}&class=${video.class}&psi=0.5&t=0`,
      );
    });
  }, 60_000);

  it('resumes after a real SIGKILL: finished outputs kept, no temporaries left', async () => {
    const cond = await convertReferenceModel('cond-noise-64');
    const out = join(work, 'killed');
    const bin = join(__dirname, '..', 'bin', 'stylegan-v');
    const args = [bin, 'generate', cond, '--num-videos', '4', '--video-len', '6', '--out-dir', out];
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (d: Buffer) => {
        if (/generate: 1\/4/.test(d.toString())) resolve();
      });
      child.on('close', () => resolve());
    });
    child.kill('SIGKILL');
    if (child.exitCode === null && child.signalCode === null)
      await new Promise((resolve) => child.once('close', resolve));
    const kept = statSync(join(out, '000000', '000005.png')).mtimeMs;
    const resumed = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(resumed.status).toBe(0);
    expect(resumed.stdout).toMatch(/already complete\)/);
    expect(statSync(join(out, '000000', '000005.png')).mtimeMs).toBe(kept);
    for (const video of ['000000', '000001', '000002', '000003']) {
      expect(readdirSync(join(out, video))).toEqual(Array.from({ length: 6 }, (_, j) => `00000${j}.png`));
    }
  }, 90_000);

  mp4Test(
    'writes H.264 MP4s with the right frame count and rate, official spellings too',
    async () => {
      const out = join(work, 'mp4');
      const result = await cli(
        'generate',
        model,
        '--num_videos',
        '4',
        '--video_len',
        '5',
        '--batch_size',
        '4',
        '--as_grids',
        '1',
        '--save_as_mp4',
        '1',
        '--fps',
        '12',
        '--outdir',
        out,
      );
      expect(result.code).toBe(0);
      expect(readdirSync(out).sort()).toEqual(['000000.mp4', 'manifest.json']);
      const probe = JSON.parse(
        execFileSync(
          'ffprobe',
          ['-v', 'error', '-count_frames', '-show_streams', '-of', 'json', join(out, '000000.mp4')],
          {
            encoding: 'utf8',
          },
        ),
      ).streams[0];
      expect(probe).toMatchObject({
        codec_name: 'h264',
        pix_fmt: 'yuv420p',
        r_frame_rate: '12/1',
        nb_read_frames: '5',
      });
      // A 2x2 grid of 32 px videos with make_grid's 2 px padding.
      expect([probe.width, probe.height]).toEqual([70, 70]);
    },
    60_000,
  );

  it('refuses bad options in one line and writes nothing', async () => {
    const out = join(work, 'never');
    for (const [options, pattern] of [
      [['--num-videos', '2', '--shard', '2/2'], /--shard must be i\/N with 0 <= i < N/],
      [['--num-videos', '2', '--num_videos', '3'], /--num-videos given twice/],
    ] as const) {
      expectOneLineError(await cli('generate', model, '--out-dir', out, ...options), pattern);
    }
    expectOneLineError(
      await cli('generate', join(work, 'no-model'), '--num-videos', '2', '--out-dir', out),
      /no-model/,
    );
    mkdirSync(join(work, 'file-parent'));
    writeFileSync(join(work, 'file-parent', 'x'), '');
    expectOneLineError(
      await cli('generate', model, '--num-videos', '2', '--out-dir', join(work, 'file-parent', 'x')),
      /is not a folder/,
    );
    // Without ffmpeg on the PATH, --format mp4 names the package.
    const noTools = join(work, 'no-tools');
    mkdirSync(noTools);
    const bin = join(__dirname, '..', 'bin', 'stylegan-v');
    const missing = spawnSync(
      process.execPath,
      [bin, 'generate', model, '--num-videos', '1', '--format', 'mp4', '--out-dir', out],
      {
        encoding: 'utf8',
        env: { ...process.env, PATH: noTools },
      },
    );
    expectOneLineError({ code: missing.status ?? 1, stderr: missing.stderr }, /needs ffmpeg.*Debian package ffmpeg/);
    expect(existsSync(out)).toBe(false);
  }, 60_000);
});
