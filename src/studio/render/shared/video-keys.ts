import { generatorTime, psiAt, trackPosition, valueAt } from '../../../authoring';
import type { LayerRange } from '../../../latent';
import { wsDigest } from './content-ws';
import { type ProjectInput, type StudioProject, studioProject } from './studio-project';
import { hasTracks, type StudioTracks } from './track-data';

/** Latent edits of a video: PCA coefficients with their layer ranges, and style mixing. */
export interface EditDescription {
  edits: number[];
  editRanges: LayerRange[];
  mixSeed: number | null;
  mixRange: LayerRange;
}

/** Everything the worker needs to prepare one video of the loaded model. */
export interface VideoDescription {
  contentSeed: number;
  /** Projected content (explicit ws as `encodeWs` text) used instead of the content seed; null: the seed's ws. */
  contentWs: string | null;
  motionSeed: number;
  /**
   * Fitted motion ("Animate a video"): motion_z rows 0 .. n - 1 as `encodeWs` text, continued past them by
   * the motion seed's own rows (a projected video's motion file); null or absent: the motion seed alone.
   */
  motionZ?: string | null;
  /** null for unconditional models. */
  classIndex: number | null;
  psi: number;
  /** null: the unedited video. */
  edit: EditDescription | null;
}

/** The parts of the studio's state that decide its videos (the store passes itself). */
export interface KeyState extends EditDescription {
  modelId: string;
  contentSeed: number;
  contentWs: string | null;
  motionSeed: number;
  /** Fitted motion rows (see VideoDescription.motionZ); absent: none. */
  motionZ?: string | null;
  classIndex: number;
  psi: number;
  showOriginal: boolean;
  directionSigmas: readonly number[];
  model: { cDim: number } | null;
}

function hasEdits(s: KeyState): boolean {
  return s.mixSeed !== null || s.edits.some((e) => e !== 0);
}

/** The main video: edited unless "Before edits" is on or nothing is edited. */
export function mainVideo(s: KeyState): VideoDescription {
  const edit =
    !s.showOriginal && hasEdits(s)
      ? { edits: [...s.edits], editRanges: s.editRanges, mixSeed: s.mixSeed, mixRange: s.mixRange }
      : null;
  return { ...cellVideo(s, 0, 0), edit };
}

/**
 * A direction's preview: the main video with direction `direction` at `sigma` standard deviations and the
 * other edits as they are ("before edits" does not apply: the preview shows what the direction does).
 */
export function directionPreviewVideo(s: KeyState, direction: number, sigma: number): VideoDescription {
  return mainVideo({ ...s, showOriginal: false, edits: s.edits.map((e, i) => (i === direction ? sigma : e)) });
}

/**
 * Grid cell (row, col): motion seed + row, content seed + col, unedited. With projected content, column 0 is
 * the projected picture and the others content seeds from the content seed + 1 on; with fitted motion, row 0
 * plays it and the others the motion seeds from the motion seed + 1 on.
 */
export function cellVideo(s: KeyState, row: number, col: number): VideoDescription {
  const motionZ = row === 0 ? (s.motionZ ?? null) : null;
  return {
    contentSeed: s.contentSeed + col,
    contentWs: col === 0 ? s.contentWs : null,
    motionSeed: s.motionSeed + row,
    ...(motionZ !== null ? { motionZ } : {}),
    classIndex: (s.model?.cDim ?? 0) > 0 ? s.classIndex : null,
    psi: s.psi,
    edit: null,
  };
}

/** Whether two videos show the same content (and so share its prepared kernels): all but the motion agree. */
export function sameContent(a: VideoDescription, b: VideoDescription): boolean {
  const content = ({ motionSeed: _seed, motionZ: _z, ...rest }: VideoDescription) => JSON.stringify(rest);
  return content(a) === content(b);
}

/**
 * The video's identity for the frame cache: the model, the description, and for edited videos how many
 * principal directions the edits could use (edits made before PCA finished render differently after it).
 */
export function videoKey(modelId: string, video: VideoDescription, directionCount: number): string {
  return JSON.stringify([
    modelId,
    video.contentWs === null ? video.contentSeed : `ws:${wsDigest(video.contentWs)}`,
    video.motionZ ? [video.motionSeed, `z:${wsDigest(video.motionZ)}`] : video.motionSeed,
    video.classIndex,
    video.psi,
    video.edit && [video.edit, directionCount],
  ]);
}

/** The key of the main video (the one frame cache key for it, page and tests alike). */
export function mainVideoKey(s: KeyState): string {
  return videoKey(s.modelId, mainVideo(s), s.directionSigmas.length);
}

/**
 * Grid cells' generator time at clip time τ, or null without a Time track (cells then show t = position, as
 * ever). Only the Time track applies to cells: each is its own content and motion, unedited, at the studio's ψ.
 */
export function cellTimeMap(s: FrameState): ((tau: number) => number) | null {
  const time = projectOf(s)?.project.tracks.time;
  if (!time) return null;
  const fps = s.model?.trainingFps ?? 25;
  return (tau) => generatorTime(time, tau, fps);
}

/** Grid cells' generator time at a timeline position (training frames). */
export function cellTime(s: FrameState, position: number): number {
  const map = cellTimeMap(s);
  return map ? map(position / (s.model?.trainingFps ?? 25)) : position;
}

/** The key of grid cell `index` (row-major in a gridSize x gridSize grid). */
export function cellVideoKey(s: KeyState & { gridSize: number }, index: number): string {
  const n = s.gridSize;
  return videoKey(s.modelId, cellVideo(s, Math.floor(index / n), index % n), s.directionSigmas.length);
}

/** Whether a video key belongs to a model (the first element of the key). */
export function isVideoOfModel(key: string, modelId: string): boolean {
  return key.startsWith(`${JSON.stringify([modelId]).slice(0, -1)},`);
}

/**
 * A project frame's identity for the frame cache: what defines its ws (the project's constants, the content
 * segment's keyframes and eased s, ψ(τ), each strength(τ)) and, apart, its generator time t. A hold (s = 0:
 * the segment's first keyframe alone) or a freeze (the same t) gives the same key, so it renders once.
 */
export function projectFrameKey(p: StudioProject, tau: number, trainingFps: number): { videoKey: string; t: number } {
  const { project } = p;
  const { from, to, s } = trackPosition(project.tracks.content, tau);
  const content = s === 0 ? [p.contentIds[from]] : [p.contentIds[from], p.contentIds[to], s];
  const strengths = p.directionTracks.map((track) =>
    track.keys.length > 0 ? valueAt(track.keys, tau, (k) => k.value) : 0,
  );
  return {
    videoKey: JSON.stringify([project.model, 'frame', p.constants, content, psiAt(project, tau), strengths]),
    t: generatorTime(project.tracks.time, tau, trainingFps),
  };
}

/** The state a project is made of, as far as the planner has it (no tracks: no project). */
export type FrameState = KeyState & {
  tracks?: StudioTracks;
  clipSeconds?: number;
  playbackFps?: number;
  model: { cDim: number; trainingFps?: number; numWs?: number } | null;
};

/** The studio's project, or null when no track has a keyframe. */
export function projectOf(s: FrameState): StudioProject | null {
  if (!s.tracks || !hasTracks(s.tracks)) return null;
  return studioProject({
    clipSeconds: 10,
    playbackFps: 25,
    ...s,
    model: s.model as ProjectInput['model'],
  } as ProjectInput);
}

/** The frame the main video shows at a timeline position (training frames). */
export interface MainFrame {
  video: VideoDescription;
  videoKey: string;
  /** Generator time. */
  t: number;
  /** A project frame: its clip time and the project's key. */
  tau?: number;
  projectKey?: string;
}

/**
 * The main frame at each position: without tracks the main video at t = position (as ever); with tracks the
 * project's frame at clip time τ = position / training fps.
 */
export function mainFrames(s: FrameState): (position: number) => MainFrame {
  const video = mainVideo(s);
  const vk = mainVideoKey(s);
  const project = projectOf(s);
  if (!project) return (position) => ({ video, videoKey: vk, t: position });
  const fps = s.model?.trainingFps ?? 25;
  return (position) => {
    const tau = position / fps;
    return { video, ...projectFrameKey(project, tau, fps), tau, projectKey: project.key };
  };
}
