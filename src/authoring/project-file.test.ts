import { describe, expect, it } from 'vitest';
import { encodeWs, type Project, ProjectFileError, parseProject, serializeProject } from '.';

// The example, as written.
const EXAMPLE = `{ "format": "stylegan-v-studio-project", "version": 1,
  "model": "sky64", "clip": { "duration": 4, "fps": 25 }, "motion": { "seed": 3 },
  "tracks": {
    "time":    [ { "at": 0, "t": 0 }, { "at": 2, "t": 100 }, { "at": 3, "t": 100, "ease": "hold" } ],
    "content": [ { "at": 0, "seed": 1 }, { "at": 3, "seed": 2, "ease": "smooth" } ],
    "psi":     [ { "at": 0, "value": 0.8 } ] },
  "directions": null }`;

// biome-ignore lint/suspicious/noExplicitAny: the tests edit the parsed JSON freely
type Loose = Record<string, any>;
const example = () => JSON.parse(EXAMPLE) as Loose;
const refusal = (json: unknown) => {
  try {
    parseProject(typeof json === 'string' ? json : JSON.stringify(json));
  } catch (error) {
    expect(error).toBeInstanceOf(ProjectFileError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    return message;
  }
  throw new Error('the project was not refused');
};

describe('project files', () => {
  it("opens the issue's example", () => {
    const { project, warnings } = parseProject(EXAMPLE);
    expect(warnings).toEqual([]);
    expect(project).toEqual({
      model: 'sky64',
      clip: { duration: 4, fps: 25 },
      motion: { seed: 3 },
      tracks: {
        time: [
          { at: 0, t: 0 },
          { at: 2, t: 100 },
          { at: 3, t: 100, ease: 'hold' },
        ],
        content: [
          { at: 0, seed: 1 },
          { at: 3, seed: 2, ease: 'smooth' },
        ],
        psi: [{ at: 0, value: 0.8 }],
      },
      directions: null,
    } satisfies Project);
  });

  it('round-trips embedded ws, motion_z rows and directions bit for bit', () => {
    const ws = Float32Array.from({ length: 10 * 4 }, (_, i) => Math.sin(i) * 1e-3);
    ws[3] = -0;
    const project: Project = {
      model: 'cond-noise-64',
      clip: { duration: 2.5, fps: 30 },
      motion: { z: { shape: [3, 2], data: new Float32Array([0.1, -2, 3e-8, 4, 5, 6]) } },
      classIndex: 2,
      mix: { seed: 4_294_967_295, layers: [2, 5] },
      tracks: {
        content: [
          { at: 0, seed: 7 },
          { at: 1.5, ws: { shape: [10, 4], data: ws }, ease: 'smooth' },
        ],
      },
      directions: {
        vectors: { shape: [2, 4], data: new Float32Array([1, 0, 0, 0, 0, 0.6, 0.8, 0]) },
        sigma: { shape: [2], data: new Float32Array([1.5, 0.25]) },
        tracks: [
          { layers: 'coarse', keys: [{ at: 0, value: -1 }] },
          { layers: 'all', keys: [] },
        ],
      },
    };
    const text = serializeProject(project);
    const reopened = parseProject(text);
    expect(reopened.warnings).toEqual([]);
    expect(reopened.project).toEqual(project);
    expect(serializeProject(reopened.project)).toBe(text);
    const content = reopened.project.tracks.content[1]!;
    expect('ws' in content && Object.is(content.ws.data[3], -0)).toBe(true);
  });

  it('ignores unknown optional fields with a warning, quoting their names safely', () => {
    const json = example();
    json.comment = 'made by hand';
    json.clip['loop\u202e'] = true;
    json.tracks.content[0].label = 'dawn';
    const { project, warnings } = parseProject(JSON.stringify(json));
    expect(project.tracks.content[0]).toEqual({ at: 0, seed: 1 });
    expect(warnings).toEqual([
      'ignored unknown field "project.comment"',
      'ignored unknown field "clip.loop\\u202e"',
      'ignored unknown field "tracks.content[0].label"',
    ]);
  });

  it('refuses unsorted and duplicate at, naming the keyframe', () => {
    const unsorted = example();
    unsorted.tracks.time[2].at = 1;
    expect(refusal(unsorted)).toBe(
      "not a usable project file: tracks.time[2].at must come after the previous keyframe's (2): keyframes are sorted by at, no two equal",
    );
    const duplicate = example();
    duplicate.tracks.content[1].at = 0;
    expect(refusal(duplicate)).toMatch(/^not a usable project file: tracks\.content\[1\]\.at must come after/);
  });

  it('refuses values out of range', () => {
    const cases: [(j: Loose) => void, RegExp][] = [
      [(j) => (j.tracks.psi[0].value = 1.6), /tracks\.psi\[0\]\.value must be a number from 0 to 1\.5, got "1\.6"/],
      [(j) => (j.tracks.content[1].at = 4.5), /tracks\.content\[1\]\.at must be a number from 0 to 4/],
      [(j) => (j.tracks.time[1].t = 2 ** 24), /tracks\.time\[1\]\.t is out of range/],
      [(j) => (j.tracks.content[0].seed = -1), /tracks\.content\[0\]\.seed must be a seed/],
      [(j) => (j.clip.fps = 1000), /clip\.fps must be a number from 1 to 240/],
      [(j) => (j.clip.duration = 0), /clip\.duration must be a number above 0/],
      [
        (j) => (j.tracks.content[1].ease = 'bounce'),
        /tracks\.content\[1\]\.ease must be linear, smooth, hold, got "bounce"/,
      ],
      [(j) => (j.tracks.content = []), /tracks\.content needs at least one keyframe/],
      [(j) => (j.model = '../../etc'), /model must be a model id/],
      [(j) => (j.motion = { seed: 1, z: null }), /motion must hold exactly one of seed or z/],
    ];
    for (const [change, message] of cases) {
      const json = example();
      change(json);
      expect(refusal(json)).toMatch(message);
    }
  });

  it('refuses embedded floats whose shape does not match, or that are not finite', () => {
    const json = example();
    json.tracks.content[1] = { at: 3, ws: { shape: [2, 2], data: encodeWs(new Float32Array(3)) } };
    expect(refusal(json)).toBe(
      'not a usable project file: tracks.content[1].ws.data holds 3 values; shape [2, 2] needs 4',
    );
    json.tracks.content[1].ws.data = encodeWs(new Float32Array([1, 2, Number.NaN, 4]));
    expect(refusal(json)).toMatch(/is not whole finite float32 values/);
    json.tracks.content[1].ws = { shape: [4], data: encodeWs(new Float32Array(4)) };
    expect(refusal(json)).toMatch(/ws\.shape must have 2 sizes, got 1/);
  });

  it('refuses malformed files, other formats and newer versions in one line', () => {
    expect(refusal('{"format": ')).toBe('not a project file: not JSON');
    expect(refusal({ format: 'something-else\u202e' })).toBe(
      'not a project file: its format is "something-else\\u202e", not "stylegan-v-studio-project"',
    );
    expect(refusal({ ...example(), version: 2 })).toBe(
      'this project file is version 2, made by a newer StyleGAN-V Studio; this one opens up to version 1',
    );
    expect(refusal({ ...example(), version: 0.5 })).toMatch(/version must be a whole number/);
    const noClip = example();
    delete noClip.clip;
    expect(refusal(noClip)).toBe('not a usable project file: clip must be an object, got "undefined"');
  });

  it('refuses directions without one track per direction', () => {
    const json = example();
    json.directions = {
      vectors: { shape: [2, 2], data: encodeWs(new Float32Array([1, 0, 0, 1])) },
      sigma: { shape: [2], data: encodeWs(new Float32Array([1, 1])) },
      tracks: [{ layers: 'all', keys: [] }],
    };
    expect(refusal(json)).toBe(
      'not a usable project file: directions.tracks must hold one track per direction (2), got 1',
    );
    json.directions.tracks.push({ layers: [3, 1], keys: [] });
    expect(refusal(json)).toMatch(/directions\.tracks\[1\]\.layers\[1\] must be a whole number from 3/);
  });
});
