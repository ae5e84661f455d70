/**
 * Authoring: the rules that turn a project (a clip, keyframe tracks for time, content, ψ and directions) into
 * frames' (ws, t), the project file, and the float32 text codec. No tfjs: the page, the render worker and the
 * CLI import it alike (`./render` is the engine side: a project's frames rendered with a loaded generator).
 */
export { type Clip, clipTime, frameCount, MAX_DURATION_SECONDS, MAX_FPS, MIN_FPS } from './clip';
export { applyEdits, type Direction } from './edits';
export { projectFitProblem, projectTimes } from './fit';
export { decodeWs, encodeWs, floatsDigest, wsDigest } from './float32-text';
export { FrameWs, type ModelFacts, projectDirections, psiAt, truncatedWs } from './frame-ws';
export {
  blend,
  EASES,
  type Ease,
  easeAmount,
  easeSlope,
  type Keyframe,
  slopeAt,
  type TrackPosition,
  trackPosition,
  type ValueKey,
  valueAt,
} from './keyframes';
export {
  type ContentKey,
  type ContentSource,
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
export {
  MAX_PROJECT_BYTES,
  type OpenedProject,
  ProjectFileError,
  parseProject,
  serializeProject,
} from './project-file';
export { generatorTime, speedCurve, type TimeKey, timeSpeed } from './time-map';
