/**
 * Issue #11 through the real CLI: for crafted inputs of every class, `bin/stylegan-v` ends within 30 s,
 * under 2 GB of peak memory, with a non-zero exit and at most a few lines, reads nothing outside the
 * model folder (checked with strace; in CI a missing GNU time or strace fails the run) and leaves nothing in
 * the output folder; command lines, outputs, memory caps and pictures are refused before anything is written.
 */
import { execFileSync, spawn } from 'node:child_process';
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
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MEMORY_LIMIT_VARIABLE } from '../src/cli/memory';
import { renderMemory } from '../src/engine';
import { type BaseModel, baseModel, folderEntries } from './support/hostile/base-model';
import { boundedCli, HAS_STRACE, requireMeasuringTools } from './support/hostile/bounded-cli';
import { class1Cases } from './support/hostile/class1-bombs';
import { class2Cases } from './support/hostile/class2-globals';
import { class3Cases } from './support/hostile/class3-settings';
import { class4Cases } from './support/hostile/class4-folders';
import { badFrameTimes } from './support/hostile/class5-edges';
import { class6Cases } from './support/hostile/class6-leftovers';
import { class7Cases, flatPng } from './support/hostile/class7-pictures';
import { class8Cases, model2048Json } from './support/hostile/class8-arguments';
import { expectBounded, reportWorst, sample } from './support/hostile/expect-bounded';
import { materialize } from './support/hostile/materialize';
import { syntheticSnapshotBytes, TINY_SPEC } from './support/synthetic-snapshot';

const BIN = resolve(__dirname, '../bin/stylegan-v');
const IMAGES = resolve(__dirname, 'fixtures/images');
const work = mkdtempSync(join(tmpdir(), 'stylegan-v-cli-hostile-'));
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  reportWorst('cli-hostile');
});
requireMeasuringTools();

describe('convert <crafted snapshot>', () => {
  const cases = [
    ...sample([...class1Cases()], 6),
    ...sample([...class2Cases()], 4),
    ...sample([...class3Cases()], 4),
    ...[...class6Cases()],
  ];
  it.each(cases.map((c, i) => [c.name, c, i] as const))(
    '%s',
    async (_name, c, i) => {
      const dir = join(work, `convert-${i}`);
      mkdirSync(dir);
      const file = join(dir, 'network-snapshot.pkl');
      writeFileSync(file, c.bytes);
      const out = join(dir, 'model');
      const r = await boundedCli(['convert', file, out, ...(c.fp16 ? ['--fp16'] : [])]);
      expectBounded(r, c.message);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir)).toEqual(['network-snapshot.pkl']);
    },
    60_000,
  );
});

describe('render / info <crafted model folder>', () => {
  let base: BaseModel;
  const outside = join(work, 'outside-secret.bin');
  beforeAll(async () => {
    base = await baseModel();
    writeFileSync(outside, new Uint8Array(base.shards.values().next().value!.length));
  });

  it('reads nothing outside the folder, with bounded time, memory and message, for a sample of every kind of lie', async () => {
    const cases = class4Cases(base, outside);
    const picked = cases.filter(
      (c, i) =>
        /symlink|hard link|FIFO|folder|\.\.\/|\/etc\/passwd|20,?000|longer|dtype "int32"|quantization \{"dtype":"uint8"|numWs 1e9|kernelSize 1e7|model\.json is "(null|\{\})"/.test(
          c.name,
        ) || i % 25 === 0,
    );
    expect(picked.length).toBeGreaterThanOrEqual(12);
    for (const [i, c] of picked.entries()) {
      const dir = join(work, `folder-${i}`);
      materialize(dir, c.entries);
      const r = await boundedCli(
        ['render', dir, '--seed', '1', '--motion-seed', '2', '--t', '0', '--out', join(work, `frames-${i}.f32`)],
        { trace: true },
      );
      expectBounded(r, c.message);
      expect(existsSync(join(work, `frames-${i}.f32`)), c.name).toBe(false);
      if (HAS_STRACE) {
        expect(r.opened.length, 'strace saw the CLI open its own files').toBeGreaterThan(0);
        expect(
          r.opened.filter(
            (p) => p === outside || p === '/etc/passwd' || p === '/dev/zero' || p.startsWith('/proc/self/environ'),
          ),
          c.name,
        ).toEqual([]);
      }
    }
  }, 600_000);

  it('info on {} and null model.json: one line, not "undefined"', async () => {
    for (const text of ['{}', 'null']) {
      const dir = join(work, `info-${text}`);
      materialize(dir, [{ name: 'model.json', content: text }]);
      const r = await boundedCli(['info', dir]);
      expectBounded(r, /^model\.json: (the file holds null, not a model description|it has no "format")/);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain('undefined');
    }
  }, 60_000);

  it('NaN weights in a model folder render with one warning line, whether one tensor or all are poisoned', async () => {
    const names = base.json.weightsManifest.flatMap((g) => g.weights.map((w) => w.name));
    for (const poisonedNames of [['synthesis.b8.conv1.weight'], names]) {
      const poisoned = await baseModel({ poison: Object.fromEntries(poisonedNames.map((n) => [n, NaN])) });
      const dir = join(work, `nan-folder-${poisonedNames.length}`);
      materialize(dir, folderEntries(poisoned));
      const args = ['render', dir, '--seed', '1', '--motion-seed', '2', '--t', '0', '--out', join(work, 'nan.f32')];
      const r = await boundedCli(args);
      expect(r.code).toBe(0);
      expect(r.stderr.trim()).toMatch(
        poisonedNames.length === 1
          ? /^warning: synthesis\.b8\.conv1\.weight has 1 NaN or infinite value: frames may be blank or noisy$/
          : new RegExp(
              `^warning: ${names.length} tensors have [\\d,]+ NaN or infinite values \\(.* and ${names.length - 3} more\\): frames may be blank or noisy$`,
            ),
      );
    }
  }, 60_000);
});

describe('class 5: render --t beyond the documented range', () => {
  let dir: string;
  beforeAll(async () => {
    const base = await baseModel();
    dir = join(work, 'edges');
    materialize(dir, folderEntries(base));
  });
  it.each([...badFrameTimes()].filter((_, i) => i % 3 === 0))(
    '--t %s is refused before anything renders',
    async (t) => {
      const r = await boundedCli([
        'render',
        dir,
        '--seed',
        '1',
        '--motion-seed',
        '2',
        '--t',
        t,
        '--out',
        join(work, 'edge.f32'),
      ]);
      expectBounded(r, /--t|frame time|must be/);
      expect(r.code).toBe(2);
    },
    60_000,
  );
});

describe('class 6: leftovers', () => {
  it('converting a folder, a FIFO or a missing file says so', async () => {
    const fifo = join(work, 'snapshot.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const [input, message] of [
      [work, /is a folder, not a checkpoint/],
      [fifo, /is not a regular file/],
      [join(work, 'nope.pkl'), /no such file/],
    ] as const) {
      const out = join(work, 'never');
      const r = await boundedCli(['convert', input, out]);
      expectBounded(r, message);
      expect(existsSync(out)).toBe(false);
    }
  }, 60_000);

  it('a target whose model.json is a folder is refused before any shard moves in', async () => {
    const file = join(work, 'ok.pkl');
    writeFileSync(
      file,
      syntheticSnapshotBytes({ ...TINY_SPEC, resolution: 8, channelMax: 4, discriminatorBytes: 1 }).bytes,
    );
    const out = join(work, 'target');
    mkdirSync(join(out, 'model.json'), { recursive: true });
    const r = await boundedCli(['convert', file, out]);
    expectBounded(r, /model\.json there is not a plain file/);
    expect(readdirSync(out)).toEqual(['model.json']);
    expect(readdirSync(work).filter((n) => n.includes('.converting-'))).toEqual([]);
  }, 60_000);

  it('Ctrl-C during a conversion leaves no staging folder and no model', async () => {
    const file = join(work, 'slow.pkl');
    // About 60 MB of G_ema weights: written over many shards, long enough to be interrupted mid-way.
    writeFileSync(
      file,
      syntheticSnapshotBytes({
        ...TINY_SPEC,
        resolution: 64,
        channelBase: 65536,
        channelMax: 512,
        discriminatorBytes: 1,
        adam: 'none',
      }).bytes,
    );
    const out = join(work, 'interrupted');
    // On a loaded machine the conversion can finish before this process sees its staging folder: try again
    // (up to three times) until the interrupt lands mid-conversion.
    const attempt = async () => {
      rmSync(out, { recursive: true, force: true });
      const child = spawn(resolve(__dirname, '../bin/stylegan-v'), ['convert', file, out], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
      let interrupted = false;
      for (let i = 0; i < 6000 && child.exitCode === null; i++) {
        if (readdirSync(work).some((n) => n.startsWith('.interrupted.converting-'))) {
          child.kill('SIGINT');
          interrupted = true;
          break;
        }
        await new Promise((r) => setTimeout(r, 5));
      }
      return { interrupted, code: await exited, stderr };
    };
    let result = await attempt();
    for (let tries = 1; tries < 3 && !result.interrupted; tries++) result = await attempt();
    const { interrupted, code, stderr } = result;
    expect(interrupted, 'the staging folder was seen while converting').toBe(true);
    expect(code).toBe(130);
    expect(stderr.trim()).toMatch(/^stylegan-v: conversion interrupted; nothing was written to /);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(work).filter((n) => n.includes('.converting-'))).toEqual([]);
  }, 120_000);
});

describe('class 8: command lines and outputs', () => {
  let base: BaseModel;
  let dir: string;
  beforeAll(async () => {
    base = await baseModel();
    dir = join(work, 'args-model');
    materialize(dir, folderEntries(base));
  });
  /** Runs a command line in a fresh scratch folder; returns the run and the scratch folder's names before and after. */
  const inScratch = async (name: string, args: (scratch: string) => string[], env?: Record<string, string>) => {
    const scratch = join(work, name);
    mkdirSync(scratch, { recursive: true });
    const line = args(scratch);
    const before = readdirSync(scratch).sort();
    const r = await boundedCli(line, { env });
    return { r, scratch, before, after: readdirSync(scratch).sort() };
  };

  it('refuses every sampled case in one line with exit 2, writing nothing', async () => {
    const { numWs, wDim, zDim, motion } = base.json.architecture;
    const cases = [...class8Cases({ ws: numWs * wDim, z: zDim, motionZ: motion.zDim })];
    expect(cases.length).toBeGreaterThan(60);
    for (const [i, c] of sample(cases, 36).entries()) {
      const { r, before, after } = await inScratch(`args-${i}`, (scratch) => c.args(dir, scratch));
      expectBounded(r, c.message, { lines: 1 });
      expect(r.code, c.name).toBe(2);
      expect(after, `${c.name}: wrote something`).toEqual(before);
    }
  }, 600_000);

  it('Ctrl-C mid-render leaves an earlier good --out as it was and no partial file', async () => {
    const scratch = join(work, 'interrupt');
    mkdirSync(scratch);
    const out = join(scratch, 'good.f32');
    writeFileSync(out, 'an earlier good file');
    const times = Array.from({ length: 4000 }, (_, i) => i / 4).join(',');
    const child = spawn(BIN, ['render', dir, '--seed', '1', '--motion-seed', '2', '--t', times, '--out', out]);
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
    const staged = () => readdirSync(scratch).some((n) => n.includes('.partial-'));
    for (let i = 0; i < 6000 && !staged(); i++) await new Promise((r) => setTimeout(r, 5));
    expect(staged(), 'the staged --out was seen while rendering').toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(stderr.trim()).toMatch(/^stylegan-v: render interrupted; nothing was written to /);
    expect(readdirSync(scratch)).toEqual(['good.f32']);
    expect(readFileSync(out, 'utf8')).toBe('an earlier good file');
  }, 120_000);

  it('a 2048x2048 model is refused with its memory figure before any thread starts (no shards read)', async () => {
    const big = join(work, 'model-2048');
    materialize(big, [{ name: 'model.json', content: JSON.stringify(model2048Json()) }]);
    const { r, before, after } = await inScratch('big', (s) => [
      'render',
      big,
      '--seed',
      '1',
      '--motion-seed',
      '1',
      '--t',
      '0',
      '--out',
      join(s, 'x.f32'),
    ]);
    expectBounded(r, /^cannot render .*: this 2048x2048 model needs about \d+\.\d GB per frame on the WASM backend/, {
      lines: 1,
    });
    expect(after).toEqual(before);
  }, 60_000);

  it('caps the pool by memory and cores, says so, and refuses what one thread cannot hold', async () => {
    const perThread = renderMemory(base.json.architecture).processBytes;
    const render = (s: string, workers: string) => [
      'render',
      dir,
      '--seed',
      '1',
      '--motion-seed',
      '2',
      '--t',
      '0,1,2,3',
      '--out',
      join(s, 'x.f32'),
      '--workers',
      workers,
    ];
    const cores = await inScratch('cap-cores', (s) => render(s, '40'));
    expect(cores.r.code, cores.r.stderr).toBe(0);
    expect(cores.r.stderr).toMatch(/^note: --workers 40 capped to \d+: /m);
    const memory = await inScratch('cap-memory', (s) => render(s, '2'), {
      [MEMORY_LIMIT_VARIABLE]: String(Math.floor(1.5 * perThread)),
    });
    expect(memory.r.code, memory.r.stderr).toBe(0);
    expect(memory.r.stderr).toMatch(
      /^note: --workers 2 capped to 1: each thread needs about \d+ MB and \d+ MB is available$/m,
    );
    expect(memory.r.stdout).toMatch(/\(1 worker\)/);
    const none = await inScratch('cap-none', (s) => render(s, '1'), { [MEMORY_LIMIT_VARIABLE]: '20M' });
    expectBounded(none.r, /^cannot render .*needs about \d+ MB of memory to render a frame .*; 21 MB is available$/, {
      lines: 1,
    });
    expect(none.after).toEqual(none.before);
  }, 120_000);

  it('project: a missing --png folder, a decode bomb, a 64 MP PNG and an animated WebP', async () => {
    const png = join(IMAGES, 'halves-rgb.png');
    const missing = await inScratch('p-missing', (s) => [
      'project',
      dir,
      png,
      '--out',
      join(s, 'ws.f32'),
      '--steps',
      '2',
      '--png',
      join(s, 'missing', 'p-%d.png'),
    ]);
    expectBounded(missing.r, /^--png .*p-\d+\.png: the folder .*missing does not exist$/, { lines: 1 });
    expect(missing.after).toEqual(missing.before);
    const bomb = [...class7Cases()].find((c) => 'refused' in c.expect && c.expect.refused === 'too-large')!;
    const bombed = await inScratch('p-bomb', (s) => {
      writeFileSync(join(s, 'bomb.jpg'), bomb.bytes);
      return ['project', dir, join(s, 'bomb.jpg'), '--out', join(s, 'ws.f32')];
    });
    expectBounded(bombed.r, /decoding it takes about \d+ MB, more than the 768 MB a picture may use/, { lines: 1 });
    expect(bombed.after).toEqual(bombed.before);
    // The largest picture accepted, decoded for real: 8000 x 8000 (64 MP), then refused for its crop.
    const large = await inScratch('p-large', (s) => {
      writeFileSync(join(s, 'large.png'), flatPng(8000, 8000));
      return ['project', dir, join(s, 'large.png'), '--out', join(s, 'ws.f32'), '--crop', '0,0,0'];
    });
    expectBounded(large.r, /^crop 0x0 at \(0, 0\) is not a square of whole pixels inside the 8000x8000 picture$/, {
      lines: 1,
    });
    expect(large.after).toEqual(large.before);
    const anim = [...class7Cases()].find((c) => c.name.startsWith('animated halves-rgb.webp, 2 frame'))!;
    const animated = await inScratch('p-anim', (s) => {
      writeFileSync(join(s, 'anim.webp'), anim.bytes);
      return ['project', dir, join(s, 'anim.webp'), '--out', join(s, 'ws.f32'), '--steps', '1'];
    });
    expect(animated.r.code, animated.r.stderr).toBe(0);
    expect(animated.r.stderr).toMatch(/^note: animated WebP: its first frame is used$/m);
    expect(statSync(join(work, 'p-anim', 'ws.f32')).size).toBe(
      base.json.architecture.numWs * base.json.architecture.wDim * 4,
    );
  }, 180_000);
});
