/**
 * `render-project` and the rules behind it on the shipped sky64: at a content keyframe a frame is the
 * single-content `render` of that source at the remapped t (bit for bit: both prepare the same ws), a hold
 * gives identical frames, a reversed Time segment the forward frames in reverse, a morph changes smoothly
 * (and the smoothness check catches an injected jump), and refused files write nothing.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Project, parseProject, projectTimes, serializeProject } from '../src/authoring';
import { ProjectRenderer } from '../src/authoring/render';
import { Generator } from '../src/engine';
import { useNodeBackend } from '../src/engine/node';
import { modelFilesFromDirectory } from '../src/model/node';
import { cli } from './support/cli';

const SKY64 = 'public/models/sky64';
const FRAME_VALUES = 3 * 64 * 64;

/** 1.2 s at 10 fps: content morphs from seed 1 to seed 2 (0..0.5 s) while t ramps 0 -> 20, t holds at 20 until 0.8 s, then runs back to 8. */
const PROJECT = {
  format: 'stylegan-v-studio-project',
  version: 1,
  model: 'sky64',
  clip: { duration: 1.2, fps: 10 },
  motion: { seed: 3 },
  tracks: {
    time: [
      { at: 0, t: 0 },
      { at: 0.5, t: 20 },
      { at: 0.8, t: 20, ease: 'hold' },
      { at: 1.1, t: 8 },
    ],
    content: [
      { at: 0, seed: 1 },
      { at: 0.5, seed: 2, ease: 'smooth' },
    ],
    psi: [{ at: 0, value: 0.8 }],
  },
  directions: null,
};

/** Mean absolute difference of two frames. */
function frameDistance(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += Math.abs(a[i]! - b[i]!);
  return sum / a.length;
}

/**
 * Why a sequence of frames is not a smooth change, or undefined. A smooth path is locally straight: each
 * frame lies near the midpoint of its neighbours (within a third of their distance); a frame off the path
 * (a jump) does not.
 */
function smoothnessProblem(frames: readonly Float32Array[]): string | undefined {
  const bends = frames.slice(1, -1).map((f, k) => {
    const [before, after] = [frames[k]!, frames[k + 2]!];
    const midpoint = before.map((v, j) => (v + after[j]!) / 2);
    return frameDistance(f, midpoint) / frameDistance(before, after);
  });
  const worst = bends.reduce((w, b, i) => (b > bends[w]! ? i : w), 0);
  return bends[worst]! > 1 / 3
    ? `frame ${worst + 1} is off the path of its neighbours (${bends[worst]!.toFixed(2)} of their distance)`
    : undefined;
}

const frameOf = (bytes: Buffer, i: number) =>
  Buffer.from(bytes.subarray(i * FRAME_VALUES * 4, (i + 1) * FRAME_VALUES * 4));

describe('render-project', () => {
  const work = mkdtempSync(join(tmpdir(), 'stylegan-v-render-project-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('maps the clip to the times the rules give', () => {
    const { project } = parseProject(JSON.stringify(PROJECT));
    expect(projectTimes(project, 25)).toEqual([0, 4, 8, 12, 16, 20, 20, 20, 20, 16, 12, 8]);
  });

  it('renders keyframes as single-content renders, holds as identical frames, reverse as forward reversed', async () => {
    const file = join(work, 'clip.json');
    writeFileSync(file, JSON.stringify(PROJECT));
    const out = join(work, 'clip.f32');
    const result = await cli('render-project', file, '--out', out, '--png', join(work, 'clip-%d.png'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('wrote 12 frames [12, 3, 64, 64] float32 NCHW');
    expect(existsSync(join(work, 'clip-11.png'))).toBe(true);
    const clip = readFileSync(out);
    expect(clip.byteLength).toBe(12 * FRAME_VALUES * 4);

    const first = join(work, 'seed1.f32');
    const forward = join(work, 'seed2.f32');
    const [a, b] = await Promise.all([
      cli('render', SKY64, '--seed', '1', '--motion-seed', '3', '--psi', '0.8', '--t', '0', '--out', first),
      cli('render', SKY64, '--seed', '2', '--motion-seed', '3', '--psi', '0.8', '--t', '8,12,16,20', '--out', forward),
    ]);
    expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
    const seed2 = readFileSync(forward);

    // Content keyframes: frame 0 is seed 1 at t = 0, frame 5 seed 2 at t = 20.
    expect(frameOf(clip, 0).equals(frameOf(readFileSync(first), 0))).toBe(true);
    expect(frameOf(clip, 5).equals(frameOf(seed2, 3))).toBe(true);
    // The hold: frames 5..8 show seed 2 frozen at t = 20.
    for (const i of [6, 7, 8]) expect(frameOf(clip, i).equals(frameOf(clip, 5)), `frame ${i}`).toBe(true);
    // Reversed: frames 8..11 (t = 20, 16, 12, 8) are the forward frames at 8, 12, 16, 20 in reverse.
    for (const k of [0, 1, 2, 3])
      expect(frameOf(clip, 8 + k).equals(frameOf(seed2, 3 - k)), `frame ${8 + k}`).toBe(true);
    // The morph itself changes every frame.
    for (const i of [1, 2, 3, 4]) expect(frameOf(clip, i).equals(frameOf(clip, i - 1))).toBe(false);
  }, 300_000);

  it('refuses a bad project file with one line, exit 2, and writes nothing', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [
        {
          ...PROJECT,
          tracks: {
            ...PROJECT.tracks,
            content: [
              { at: 0.5, seed: 1 },
              { at: 0.5, seed: 2 },
            ],
          },
        },
        /tracks\.content\[1\]\.at must come after the previous keyframe's/,
      ],
      [{ ...PROJECT, version: 2 }, /version 2, made by a newer StyleGAN-V Studio/],
      [{ ...PROJECT, class: 1 }, /does not fit .*unconditional/],
      [{ ...PROJECT, model: 'no-such-model' }, /no-such-model/],
    ];
    for (const [json, message] of cases) {
      const dir = mkdtempSync(join(work, 'refused-'));
      const file = join(dir, 'bad.json');
      writeFileSync(file, JSON.stringify(json));
      const result = await cli('render-project', file, '--out', join(dir, 'x.f32'), '--png', join(dir, 'x-%d.png'));
      expect(result.code, result.stderr).toBe(json.model === 'no-such-model' ? 1 : 2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(readdirSync(dir)).toEqual(['bad.json']);
    }
    const notJson = join(work, 'not.json');
    writeFileSync(notJson, '{ "format": ');
    const result = await cli('render-project', notJson, '--out', join(work, 'never.f32'));
    expect([result.code, result.stderr]).toEqual([2, `stylegan-v: ${notJson}: not a project file: not JSON\n`]);
    expect(existsSync(join(work, 'never.f32'))).toBe(false);
  }, 300_000);
});

describe('a morph between keyframes', () => {
  let generator: Generator;
  let renderer: ProjectRenderer;
  /** 0.7 s at 20 fps: a linear morph from seed 1 to seed 2 while time runs straight. */
  const project: Project = {
    model: 'sky64',
    clip: { duration: 0.7, fps: 20 },
    motion: { seed: 3 },
    tracks: {
      content: [
        { at: 0, seed: 1 },
        { at: 0.7, seed: 2 },
      ],
    },
    directions: null,
  };

  beforeAll(async () => {
    await useNodeBackend('wasm');
    generator = await Generator.load(modelFilesFromDirectory(SKY64));
    renderer = await ProjectRenderer.open(generator, project);
  });
  afterAll(() => {
    renderer?.dispose();
    generator?.dispose();
  });

  const renderAll = async (frames: { ws: Float32Array; t: number }[]) => {
    const out: Float32Array[] = [];
    for (const { ws, t } of frames) {
      const frame = await renderer.renderWs(ws, t);
      out.push((await frame.data()) as Float32Array);
      frame.dispose();
    }
    return out;
  };

  it('changes smoothly, and the smoothness check catches an injected jump', { timeout: 120_000 }, async () => {
    const frames = Array.from({ length: 15 }, (_, i) => renderer.frame(i));
    expect(smoothnessProblem(await renderAll(frames))).toBeUndefined();
    // The same sequence with frame 7's ws replaced by unrelated content (seed 9's).
    const other = generator.mapContent({ content: { seed: 9 }, psi: 1 });
    const jumped = frames.map((f, i) => (i === 7 ? { ...f, ws: other.dataSync() as Float32Array } : f));
    other.dispose();
    expect(smoothnessProblem(await renderAll(jumped))).toMatch(/^frame 7 is off the path of its neighbours/);
  });

  it('renders the same frames after a save and reopen, with a picture keyframe and a direction', {
    timeout: 120_000,
  }, async () => {
    const picture = generator.mapContent({ content: { seed: 5 }, psi: 0.7 });
    const vector = new Float32Array(generator.arch.wDim);
    vector[0] = 1;
    const edited: Project = {
      ...project,
      tracks: {
        content: [
          ...project.tracks.content,
          { at: 0.7, ws: { shape: [10, 128], data: picture.dataSync() as Float32Array } },
        ].filter((_, i) => i !== 1),
      },
      directions: {
        vectors: { shape: [1, generator.arch.wDim], data: vector },
        sigma: { shape: [1], data: new Float32Array([0.5]) },
        tracks: [
          {
            layers: 'coarse',
            keys: [
              { at: 0, value: 0 },
              { at: 0.7, value: 2 },
            ],
          },
        ],
      },
    };
    picture.dispose();
    const reopened = parseProject(serializeProject(edited)).project;
    const before = await ProjectRenderer.open(generator, edited);
    const after = await ProjectRenderer.open(generator, reopened);
    try {
      for (const i of [0, 7, 14]) {
        const [x, y] = [before.frame(i), after.frame(i)];
        expect(Buffer.from(y.ws.buffer).equals(Buffer.from(x.ws.buffer)), `frame ${i}`).toBe(true);
        const [fx, fy] = [await before.render(i), await after.render(i)];
        expect(Buffer.from((await fy.data()).buffer).equals(Buffer.from((await fx.data()).buffer))).toBe(true);
        fx.dispose();
        fy.dispose();
      }
    } finally {
      before.dispose();
      after.dispose();
    }
  });
});
