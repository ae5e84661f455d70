/**
 * The studio and project files (issue 21): the studio's state as a Project to save (with the principal
 * directions' vectors, so no one has to compute them again), and a parsed Project back as studio state.
 * A constant track (one keyframe) opens as the studio's plain value, so a saved studio opens as it was.
 */
import {
  type Direction,
  encodeWs,
  type LayerSpec,
  type Project,
  ProjectFileError,
  type ProjectSound,
  parseProject,
  serializeProject,
  type ValueKey,
} from '../../authoring';
import type { LayerRange } from '../../latent';
import { type ProjectInput, studioProject, withDirections } from '../render/shared/studio-project';
import type { SoundRef } from '../state/sound-ref';
import { emptyTracks, hasTracks, type StudioContentKey } from '../state/tracks';
import { VALUES } from '../state/values';
import { NUM_DIRECTIONS, type VideoState } from '../state/video-state';

/** The studio as a project (its current content as the one content keyframe when there are no tracks). */
export function projectOfStudio(
  s: ProjectInput & { sound?: SoundRef | null },
  directions: readonly Direction[] | null,
): Project {
  const tracks = hasTracks(s.tracks)
    ? s.tracks
    : {
        ...s.tracks,
        content: [s.contentWs !== null ? { at: 0, ws: s.contentWs } : { at: 0, seed: s.contentSeed }],
      };
  const spec = studioProject({ ...s, tracks })!;
  const wDim = directions?.[0]?.vector.length ?? 0;
  const project = directions && wDim > 0 ? withDirections(spec, directions, wDim) : spec.project;
  return s.sound ? { ...project, sound: projectSound(s.sound) } : project;
}

/** The sound as a project references it: the file by name, length and SHA-256, and its placement. */
function projectSound(sound: SoundRef): ProjectSound {
  const { name, duration, sha256, offset, fadeIn, fadeOut } = sound;
  return { name, duration, sha256, offset, fadeIn, fadeOut };
}

/** The project file's text. */
export function saveProjectText(
  s: ProjectInput & { sound?: SoundRef | null },
  directions: readonly Direction[] | null,
): string {
  return serializeProject(projectOfStudio(s, directions));
}

export function layerRange(spec: LayerSpec): LayerRange {
  return Array.isArray(spec)
    ? { group: 'explicit', first: spec[0], last: spec[1] }
    : { group: spec, first: 0, last: 0 };
}

/** A track of one keyframe at any time is a constant: its value. */
const constant = <K>(keys: readonly K[] | undefined): K | undefined => (keys?.length === 1 ? keys[0] : undefined);

export interface OpenedStudio {
  model: string;
  state: Partial<VideoState>;
  warnings: string[];
}

/** A project file as studio state; a file the studio cannot show is refused with one ProjectFileError line. */
export function openProjectText(text: string, current: VideoState): OpenedStudio {
  const { project, warnings } = parseProject(text);
  const { duration, fps } = project.clip;
  if (!Number.isInteger(duration) || duration < VALUES.clipSeconds.min(null!))
    throw new ProjectFileError(
      `not usable in the studio: clip.duration ${duration} s (the studio's clips are whole seconds)`,
    );
  const tracks = emptyTracks(NUM_DIRECTIONS);
  const state: Partial<VideoState> = {
    clipSeconds: duration,
    playbackFps: Math.min(VALUES.playbackFps.max(null!), Math.max(VALUES.playbackFps.min(null!), fps)),
    // motion.z rows open as fitted motion (the studio's motion seed continues past them).
    ...('z' in project.motion
      ? { motionSeed: current.motionSeed, motionZ: encodeWs(project.motion.z.data) }
      : { motionSeed: project.motion.seed, motionZ: null }),
    classIndex: project.classIndex ?? 0,
    mixSeed: project.mix?.seed ?? null,
    mixRange: project.mix ? layerRange(project.mix.layers) : current.mixRange,
    t: 0,
    loopStart: 0,
    loopEnd: duration * 1e9, // clamped to the clip by the caller
    contentWs: null,
    edits: new Array<number>(NUM_DIRECTIONS).fill(0),
    editRanges: current.editRanges.map((r) => ({ ...r })),
  };
  if (project.tracks.time) tracks.time = project.tracks.time.map((k) => ({ ...k }));
  const content = project.tracks.content.map((k): StudioContentKey => {
    const ease = k.ease ? { ease: k.ease } : {};
    return 'seed' in k ? { at: k.at, ...ease, seed: k.seed } : { at: k.at, ...ease, ws: encodeWs(k.ws.data) };
  });
  const one = constant(content);
  if (one) {
    if ('seed' in one) state.contentSeed = one.seed;
    else state.contentWs = one.ws;
  } else tracks.content = content;
  // No ψ track in a file is ψ = 1.
  const psi = project.tracks.psi ?? [];
  if (psi.length === 0) state.psi = 1;
  else if (constant(psi)) state.psi = psi[0]!.value;
  else tracks.psi = psi.map((k) => ({ ...k }));
  const directionTracks = project.directions?.tracks ?? [];
  if (directionTracks.length > NUM_DIRECTIONS)
    throw new ProjectFileError(
      `not usable in the studio: ${directionTracks.length} directions (it has ${NUM_DIRECTIONS})`,
    );
  directionTracks.forEach((track, i) => {
    state.editRanges![i] = layerRange(track.layers);
    const only: ValueKey | undefined = constant(track.keys);
    if (only) state.edits![i] = only.value;
    else tracks.directions[i] = track.keys.map((k) => ({ ...k }));
  });
  state.tracks = tracks;
  // The project's sound is named, not carried: the Sound panel asks for its file.
  state.sound = project.sound ? { ...project.sound } : null;
  return { model: project.model, state, warnings };
}
