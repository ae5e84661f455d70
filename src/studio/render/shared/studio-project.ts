/**
 * The studio's state as an authoring Project (issue 21): the tracks, with the studio's current values as
 * constant tracks where a track has no keyframes (content, ψ, each direction's strength), and the constants
 * (motion, class, style mixing). The principal directions' vectors stay with the worker (it computed them):
 * a StudioProject names one strength track per direction and the worker adds the vectors.
 */
import {
  type ContentKey,
  type Direction,
  decodeWs,
  floatsDigest,
  type LayerSpec,
  MAX_FPS,
  MIN_FPS,
  type MotionSpec,
  type Project,
  projectTimes,
  type ValueKey,
} from '../../../authoring';
import { continuedMotionRows, motionZRowsNeeded } from '../../../engine/plain';
import type { LayerRange } from '../../../latent';
import { hasTracks, type StudioTracks, tracksWithin } from './track-data';

/** The parts of the studio's state a project is made of. */
export interface ProjectInput {
  modelId: string;
  tracks: StudioTracks;
  contentSeed: number;
  contentWs: string | null;
  motionSeed: number;
  /** Fitted motion rows (VideoState.motionZ); absent: none. */
  motionZ?: string | null;
  classIndex: number;
  psi: number;
  edits: number[];
  editRanges: LayerRange[];
  mixSeed: number | null;
  mixRange: LayerRange;
  clipSeconds: number;
  playbackFps: number;
  showOriginal: boolean;
  directionSigmas: readonly number[];
  model: {
    cDim: number;
    numWs: number;
    trainingFps?: number;
    /** The motion codes' shape (ModelInfo.motion): how many rows fitted motion needs for the clip. */
    motion?: { zDim: number; numConvLayers: number; kernelSize: number; motionZDistance: number };
  } | null;
}

export interface StudioProject {
  /** The project, `directions` null: the worker adds its vectors to `directionTracks`. */
  project: Project;
  directionTracks: { layers: LayerSpec; keys: ValueKey[] }[];
  /** Each content keyframe's identity (its seed, or its ws digest). */
  contentIds: string[];
  /** What defines every frame but the tracks' positions: model, motion, class, mixing, direction layers. */
  constants: string;
  /** The whole project's identity (short: ws as digests). */
  key: string;
}

export function layerSpec(range: LayerRange): LayerSpec {
  return range.group === 'explicit' ? [range.first, range.last] : range.group;
}

function contentKeys(s: ProjectInput, tracks: StudioTracks): ContentKey[] {
  const numWs = s.model?.numWs ?? 1;
  const keys: ContentKey[] = [];
  for (const key of tracks.content) {
    const ease = key.ease ? { ease: key.ease } : {};
    if ('seed' in key) keys.push({ at: key.at, ...ease, seed: key.seed });
    else {
      const data = decodeWs(key.ws);
      if (data) keys.push({ at: key.at, ...ease, ws: { shape: [numWs, data.length / numWs], data } });
    }
  }
  if (keys.length > 0) return keys;
  const ws = s.contentWs === null ? null : decodeWs(s.contentWs);
  return [ws ? { at: 0, ws: { shape: [numWs, ws.length / numWs], data: ws } } : { at: 0, seed: s.contentSeed }];
}

let memo: { input: ProjectInput; result: StudioProject | null } | null = null;
const MEMO_FIELDS: ReadonlyArray<keyof ProjectInput> = [
  'modelId',
  'tracks',
  'contentSeed',
  'contentWs',
  'motionSeed',
  'motionZ',
  'classIndex',
  'psi',
  'edits',
  'editRanges',
  'mixSeed',
  'mixRange',
  'clipSeconds',
  'playbackFps',
  'showOriginal',
  'directionSigmas',
  'model',
];

/** The studio's project, or null when no track has a keyframe (the studio then renders plain videos). */
export function studioProject(s: ProjectInput): StudioProject | null {
  if (memo && MEMO_FIELDS.every((k) => memo!.input[k] === s[k])) return memo.result;
  const result = buildProject(s);
  memo = { input: { ...s }, result };
  return result;
}

function buildProject(s: ProjectInput): StudioProject | null {
  if (!hasTracks(s.tracks)) return null;
  const tracks = tracksWithin(s.tracks, s.clipSeconds);
  const content = contentKeys(s, tracks);
  const edited = !s.showOriginal;
  const count = edited ? Math.min(s.directionSigmas.length, tracks.directions.length) : 0;
  const directionTracks = Array.from({ length: count }, (_, i) => {
    const keys = tracks.directions[i]!;
    const value = s.edits[i] ?? 0;
    return {
      layers: layerSpec(s.editRanges[i] ?? { group: 'all', first: 0, last: 0 }),
      keys: keys.length > 0 ? keys : value !== 0 ? [{ at: 0, value }] : [],
    };
  });
  const used = directionTracks.some((t) => t.keys.length > 0) ? directionTracks : [];
  const project: Project = {
    model: s.modelId,
    clip: { duration: s.clipSeconds, fps: Math.min(MAX_FPS, Math.max(MIN_FPS, s.playbackFps)) },
    motion: { seed: s.motionSeed },
    ...((s.model?.cDim ?? 0) > 0 ? { classIndex: s.classIndex } : {}),
    ...(edited && s.mixSeed !== null ? { mix: { seed: s.mixSeed, layers: layerSpec(s.mixRange) } } : {}),
    tracks: {
      ...(tracks.time.length > 0 ? { time: tracks.time } : {}),
      content,
      psi: tracks.psi.length > 0 ? tracks.psi : [{ at: 0, value: s.psi }],
    },
    directions: null,
  };
  const fitted = s.motionZ ? decodeWs(s.motionZ) : null;
  if (fitted) project.motion = fittedMotion(fitted, project, s);
  const contentIds = content.map((k) => ('seed' in k ? String(k.seed) : `ws:${floatsDigest(k.ws.data)}`));
  const constants = JSON.stringify([
    s.modelId,
    'z' in project.motion ? { z: floatsDigest(project.motion.z.data) } : project.motion,
    project.classIndex ?? null,
    project.mix ?? null,
    used.map((t) => t.layers),
  ]);
  const key = JSON.stringify([
    constants,
    project.clip.duration,
    project.tracks.time ?? null,
    content.map((k, i) => [k.at, k.ease ?? 'linear', contentIds[i]]),
    project.tracks.psi,
    used.map((t) => t.keys),
  ]);
  return { project, directionTracks: used, contentIds, constants, key };
}

/** The project with the worker's principal directions (the first as many as it has tracks). */
export function withDirections(spec: StudioProject, directions: readonly Direction[], wDim: number): Project {
  const k = Math.min(directions.length, spec.directionTracks.length);
  if (k === 0) return spec.project;
  const vectors = new Float32Array(k * wDim);
  for (let i = 0; i < k; i++) vectors.set(directions[i]!.vector, i * wDim);
  return {
    ...spec.project,
    directions: {
      vectors: { shape: [k, wDim], data: vectors },
      sigma: { shape: [k], data: Float32Array.from(directions.slice(0, k).map((d) => d.sigma)) },
      tracks: spec.directionTracks.slice(0, k),
    },
  };
}

/**
 * Fitted motion as a project's motion_z rows: the fitted rows, then the motion seed's own rows (a projected
 * video's motion file) up to what the clip's times need (the fitted rows alone without the model's shape).
 */
function fittedMotion(fitted: Float32Array, project: Project, s: ProjectInput): MotionSpec {
  const motion = s.model?.motion;
  if (!motion || fitted.length % motion.zDim !== 0) return { z: { shape: [1, fitted.length], data: fitted } };
  const { zDim } = motion;
  const length = fitted.length / zDim;
  const rows = Math.max(length, motionZRowsNeeded(projectTimes(project, s.model?.trainingFps ?? 25), motion));
  return { z: { shape: [rows, zDim], data: continuedMotionRows(fitted, length, s.motionSeed, 0, rows, zDim) } };
}
