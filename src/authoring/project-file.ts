/**
 * The project file: versioned JSON ("stylegan-v-studio-project", version 1). Ws, motion_z rows and principal
 * directions are embedded as float32 base64url with their shapes. Optional fields may be added within a
 * version: unknown ones are ignored with a warning. Anything else wrong (malformed JSON, a missing or
 * mistyped field, unsorted or duplicate `at`, a value out of range, a newer version) is refused with one line.
 */
import { frameTimeProblem, isSeed, SEED_MAX } from '../engine/plain';
import { isModelId } from '../model';
import { quoteText } from '../util';
import { type Clip, frameCount, MAX_DURATION_SECONDS, MAX_FPS, MIN_FPS } from './clip';
import { decodeWs, encodeWs } from './float32-text';
import { EASES, type Keyframe, type ValueKey } from './keyframes';
import {
  type ContentKey,
  type DirectionTracks,
  type FloatBlock,
  LAYER_GROUPS,
  type LayerSpec,
  type MotionSpec,
  PROJECT_FORMAT,
  PROJECT_VERSION,
  type Project,
  PSI_MAX,
  PSI_MIN,
  STRENGTH_MAX,
  STRENGTH_MIN,
} from './project';
import type { TimeKey } from './time-map';

/** Largest project file read (a 1024x1024 model's ws are 18 x 512 floats: about 49 kB of text per picture). */
export const MAX_PROJECT_BYTES = 64 * 2 ** 20;

/** A project file that cannot be opened; the message is the one line a person sees. */
export class ProjectFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

export interface OpenedProject {
  project: Project;
  /** Unknown fields that were ignored, one line each. */
  warnings: string[];
}

type Json = Record<string, unknown>;

const fail = (path: string, problem: string): never => {
  throw new ProjectFileError(`not a usable project file: ${path} ${problem}`);
};

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const describe = (v: unknown) =>
  typeof v === 'string'
    ? quoteText(v, 40)
    : Array.isArray(v)
      ? 'a list'
      : v === null
        ? 'null'
        : quoteText(String(v), 40);

class Reader {
  readonly warnings: string[] = [];

  object(v: unknown, path: string, fields: readonly string[]): Json {
    if (!isObject(v)) fail(path, `must be an object, got ${describe(v)}`);
    for (const key of Object.keys(v as Json))
      if (!fields.includes(key)) this.warnings.push(`ignored unknown field ${quoteText(`${path}.${key}`)}`);
    return v as Json;
  }

  number(v: unknown, path: string, min: number, max: number, { integer = false, above = false } = {}): number {
    const ok =
      typeof v === 'number' &&
      Number.isFinite(v) &&
      (above ? v > min : v >= min) &&
      v <= max &&
      (!integer || Number.isInteger(v));
    if (!ok)
      fail(
        path,
        `must be ${integer ? 'a whole number' : 'a number'} ${above ? 'above' : 'from'} ${min} to ${max}, got ${describe(v)}`,
      );
    return v as number;
  }

  list(v: unknown, path: string): unknown[] {
    if (!Array.isArray(v)) fail(path, `must be a list, got ${describe(v)}`);
    return v as unknown[];
  }

  floats(v: unknown, path: string, rank: number): FloatBlock {
    const o = this.object(v, path, ['shape', 'data']);
    const shape = this.list(o.shape, `${path}.shape`).map((n, i) =>
      this.number(n, `${path}.shape[${i}]`, 1, 2 ** 24, { integer: true }),
    );
    if (shape.length !== rank) fail(`${path}.shape`, `must have ${rank} sizes, got ${shape.length}`);
    if (typeof o.data !== 'string') fail(`${path}.data`, `must be float32 base64url text, got ${describe(o.data)}`);
    const data = decodeWs(o.data as string);
    if (!data) fail(`${path}.data`, 'is not whole finite float32 values in base64url');
    const size = shape.reduce((a, b) => a * b, 1);
    if (data!.length !== size)
      fail(`${path}.data`, `holds ${data!.length} values; shape [${shape.join(', ')}] needs ${size}`);
    return { shape, data: data! };
  }

  seed(v: unknown, path: string): number {
    if (!isSeed(v)) fail(path, `must be a seed (a whole number from 0 to ${SEED_MAX}), got ${describe(v)}`);
    return v as number;
  }

  layers(v: unknown, path: string): LayerSpec {
    if (typeof v === 'string' && (LAYER_GROUPS as readonly string[]).includes(v)) return v as LayerSpec;
    if (Array.isArray(v) && v.length === 2) {
      const first = this.number(v[0], `${path}[0]`, 0, 1023, { integer: true });
      const last = this.number(v[1], `${path}[1]`, first, 1023, { integer: true });
      return [first, last];
    }
    return fail(path, `must be coarse, middle, fine, all or [first, last] ws indices, got ${describe(v)}`);
  }

  /** A track's keyframes: each read by `read`, `at` in 0..duration and strictly increasing. */
  keys<K extends Keyframe>(
    v: unknown,
    path: string,
    clip: Clip,
    fields: readonly string[],
    read: (o: Json, path: string) => Omit<K, 'at' | 'ease'>,
  ): K[] {
    return this.list(v, path).map((item, i, all) => {
      const p = `${path}[${i}]`;
      const o = this.object(item, p, ['at', 'ease', ...fields]);
      const at = this.number(o.at, `${p}.at`, 0, clip.duration);
      if (i > 0 && !(at > ((all[i - 1] as Json).at as number)))
        fail(
          `${p}.at`,
          `must come after the previous keyframe's (${(all[i - 1] as Json).at}): keyframes are sorted by at, no two equal`,
        );
      if (o.ease !== undefined && !(EASES as readonly unknown[]).includes(o.ease))
        fail(`${p}.ease`, `must be ${EASES.join(', ')}, got ${describe(o.ease)}`);
      return { at, ...(o.ease === undefined ? {} : { ease: o.ease }), ...read(o, p) } as K;
    });
  }
}

/** Opens a project file's text; throws ProjectFileError with one line. */
export function parseProject(text: string): OpenedProject {
  if (text.length > MAX_PROJECT_BYTES)
    throw new ProjectFileError(`not a usable project file: over ${MAX_PROJECT_BYTES / 2 ** 20} MB`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ProjectFileError('not a project file: not JSON');
  }
  if (!isObject(json) || json.format !== PROJECT_FORMAT)
    throw new ProjectFileError(
      `not a project file: its format is ${isObject(json) ? describe(json.format) : describe(json)}, not "${PROJECT_FORMAT}"`,
    );
  const version = json.version;
  if (typeof version === 'number' && Number.isInteger(version) && version > PROJECT_VERSION)
    throw new ProjectFileError(
      `this project file is version ${version}, made by a newer StyleGAN-V Studio; this one opens up to version ${PROJECT_VERSION}`,
    );
  const r = new Reader();
  r.number(version, 'version', 1, PROJECT_VERSION, { integer: true });
  const top = r.object(json, 'project', [
    'format',
    'version',
    'model',
    'clip',
    'motion',
    'class',
    'mix',
    'tracks',
    'directions',
  ]);
  if (typeof top.model !== 'string' || !isModelId(top.model))
    fail('model', `must be a model id (lower-case letters, digits and dashes), got ${describe(top.model)}`);
  const clipJson = r.object(top.clip, 'clip', ['duration', 'fps']);
  const clip: Clip = {
    duration: r.number(clipJson.duration, 'clip.duration', 0, MAX_DURATION_SECONDS, { above: true }),
    fps: r.number(clipJson.fps, 'clip.fps', MIN_FPS, MAX_FPS),
  };
  if (frameCount(clip) < 1) fail('clip', `is less than one frame (${clip.duration} s at ${clip.fps} fps)`);

  const motionJson = r.object(top.motion, 'motion', ['seed', 'z']);
  if ('seed' in motionJson === 'z' in motionJson) fail('motion', 'must hold exactly one of seed or z');
  const motion: MotionSpec =
    'seed' in motionJson
      ? { seed: r.seed(motionJson.seed, 'motion.seed') }
      : { z: r.floats(motionJson.z, 'motion.z', 2) };

  const tracksJson = r.object(top.tracks, 'tracks', ['time', 'content', 'psi']);
  const time =
    tracksJson.time === undefined || tracksJson.time === null
      ? undefined
      : r.keys<TimeKey>(tracksJson.time, 'tracks.time', clip, ['t'], (o, p) => {
          const t = r.number(o.t, `${p}.t`, 0, Number.MAX_VALUE);
          const problem = frameTimeProblem(t);
          if (problem) fail(`${p}.t`, `is out of range: ${problem}`);
          return { t };
        });
  const content = r.keys<ContentKey>(tracksJson.content, 'tracks.content', clip, ['seed', 'ws'], (o, p) => {
    if ('seed' in o === 'ws' in o) fail(p, 'must hold exactly one of seed or ws');
    return 'seed' in o ? { seed: r.seed(o.seed, `${p}.seed`) } : { ws: r.floats(o.ws, `${p}.ws`, 2) };
  });
  if (content.length === 0) fail('tracks.content', 'needs at least one keyframe');
  const psi =
    tracksJson.psi === undefined || tracksJson.psi === null
      ? undefined
      : r.keys<ValueKey>(tracksJson.psi, 'tracks.psi', clip, ['value'], (o, p) => ({
          value: r.number(o.value, `${p}.value`, PSI_MIN, PSI_MAX),
        }));

  const project: Project = {
    model: top.model as string,
    clip,
    motion,
    tracks: { ...(time ? { time } : {}), content, ...(psi ? { psi } : {}) },
    directions:
      top.directions === undefined || top.directions === null ? null : readDirections(r, top.directions, clip),
  };
  if (top.class !== undefined && top.class !== null)
    project.classIndex = r.number(top.class, 'class', 0, 2 ** 31 - 1, { integer: true });
  if (top.mix !== undefined && top.mix !== null) {
    const mix = r.object(top.mix, 'mix', ['seed', 'layers']);
    project.mix = { seed: r.seed(mix.seed, 'mix.seed'), layers: r.layers(mix.layers, 'mix.layers') };
  }
  return { project, warnings: r.warnings };
}

function readDirections(r: Reader, v: unknown, clip: Clip): DirectionTracks {
  const o = r.object(v, 'directions', ['vectors', 'sigma', 'tracks']);
  const vectors = r.floats(o.vectors, 'directions.vectors', 2);
  const sigma = r.floats(o.sigma, 'directions.sigma', 1);
  const count = vectors.shape[0]!;
  if (sigma.shape[0] !== count) fail('directions.sigma', `holds ${sigma.shape[0]} values for ${count} directions`);
  if (sigma.data.some((s) => !(s >= 0))) fail('directions.sigma', 'must hold no negative values');
  const tracks = r.list(o.tracks, 'directions.tracks').map((item, i) => {
    const p = `directions.tracks[${i}]`;
    const t = r.object(item, p, ['layers', 'keys']);
    return {
      layers: r.layers(t.layers, `${p}.layers`),
      keys: r.keys<ValueKey>(t.keys, `${p}.keys`, clip, ['value'], (k, kp) => ({
        value: r.number(k.value, `${kp}.value`, STRENGTH_MIN, STRENGTH_MAX),
      })),
    };
  });
  if (tracks.length !== count)
    fail('directions.tracks', `must hold one track per direction (${count}), got ${tracks.length}`);
  return { vectors, sigma, tracks };
}

const block = (b: FloatBlock) => ({ shape: b.shape, data: encodeWs(b.data) });
const key = (k: Keyframe) => ({ at: k.at, ...(k.ease ? { ease: k.ease } : {}) });

/** The project as file text (what parseProject opens to the same project). */
export function serializeProject(p: Project): string {
  const json = {
    format: PROJECT_FORMAT,
    version: PROJECT_VERSION,
    model: p.model,
    clip: { duration: p.clip.duration, fps: p.clip.fps },
    motion: 'seed' in p.motion ? { seed: p.motion.seed } : { z: block(p.motion.z) },
    ...(p.classIndex === undefined ? {} : { class: p.classIndex }),
    ...(p.mix ? { mix: { seed: p.mix.seed, layers: p.mix.layers } } : {}),
    tracks: {
      ...(p.tracks.time ? { time: p.tracks.time.map((k) => ({ ...key(k), t: k.t })) } : {}),
      content: p.tracks.content.map((k) => ({ ...key(k), ...('seed' in k ? { seed: k.seed } : { ws: block(k.ws) }) })),
      ...(p.tracks.psi ? { psi: p.tracks.psi.map((k) => ({ ...key(k), value: k.value })) } : {}),
    },
    directions: p.directions
      ? {
          vectors: block(p.directions.vectors),
          sigma: block(p.directions.sigma),
          tracks: p.directions.tracks.map((t) => ({
            layers: t.layers,
            keys: t.keys.map((k) => ({ ...key(k), value: k.value })),
          })),
        }
      : null,
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}
