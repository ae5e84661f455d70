/**
 * Issue #11 through the real CLI: for crafted inputs of every class, `bin/stylegan-v` ends within 30 s,
 * under 2 GB of peak memory, with a non-zero exit and at most a few lines, reads nothing outside the
 * model folder (checked with strace where it exists) and leaves nothing in the output folder.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BaseModel, baseModel, folderEntries } from './support/hostile/base-model';
import { type BoundedResult, boundedCli, HAS_STRACE } from './support/hostile/bounded-cli';
import type { PickleCase } from './support/hostile/cases';
import { class1Cases } from './support/hostile/class1-bombs';
import { class2Cases } from './support/hostile/class2-globals';
import { class3Cases } from './support/hostile/class3-settings';
import { class4Cases } from './support/hostile/class4-folders';
import { badFrameTimes } from './support/hostile/class5-edges';
import { class6Cases } from './support/hostile/class6-leftovers';
import { materialize } from './support/hostile/materialize';
import { syntheticSnapshotBytes, TINY_SPEC } from './support/synthetic-snapshot';

const INTERNALS =
  /Cannot read propert|Based on the provided shape|XNN status|Invalid typed array length|memory access out of bounds|\n\s+at |internal error/;
const work = mkdtempSync(join(tmpdir(), 'stylegan-v-cli-hostile-'));
const worst = { runs: 0, seconds: 0, peakBytes: 0 };
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  console.log(
    `cli-hostile: ${worst.runs} crafted inputs; slowest ${worst.seconds.toFixed(1)} s, largest peak memory ${(worst.peakBytes / 1e6).toFixed(0)} MB`,
  );
});

function expectBounded(r: BoundedResult, message?: RegExp): void {
  worst.runs++;
  worst.seconds = Math.max(worst.seconds, r.seconds);
  worst.peakBytes = Math.max(worst.peakBytes, r.peakBytes);
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code).not.toBe(137); // killed at the time limit
  const lines = r.stderr.trim().split('\n');
  expect(lines.length, r.stderr).toBeLessThanOrEqual(3);
  expect(lines[0]).toMatch(/^stylegan-v: /);
  if (message) expect(lines[0]!.replace(/^stylegan-v: /, '')).toMatch(message);
  expect(r.stderr).not.toMatch(INTERNALS);
  expect(r.stderr.length).toBeLessThan(2000);
  expect(r.seconds).toBeLessThan(30);
  expect(r.peakBytes).toBeLessThan(2 * 1024 ** 3);
}

/** A few cases of each class (all of them run in process in hostile-input.test.ts). */
function sample(cases: PickleCase[], count: number): PickleCase[] {
  const step = Math.max(1, Math.floor(cases.length / count));
  return cases.filter((_, i) => i % step === 0).slice(0, count);
}

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

  it('NaN weights in a model folder render with a warning naming the tensor', async () => {
    const poisoned = await baseModel({ poison: { 'synthesis.b8.conv1.weight': NaN } });
    const dir = join(work, 'nan-folder');
    materialize(dir, folderEntries(poisoned));
    const r = await boundedCli([
      'render',
      dir,
      '--seed',
      '1',
      '--motion-seed',
      '2',
      '--t',
      '0',
      '--out',
      join(work, 'nan.f32'),
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toMatch(
      /^warning: synthesis\.b8\.conv1\.weight has 1 NaN or infinite value: frames may be blank or noisy$/,
    );
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
