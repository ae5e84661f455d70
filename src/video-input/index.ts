export { type ClipFrames, readClipFrames, readFrame, readFramesAt, type VideoFrameImage } from './decode';
export { VideoInputError, type VideoInputErrorKind } from './errors';
export {
  isVideoFileName,
  MAX_CLIP_FRAMES,
  MAX_FRAME_STEP,
  MAX_START_SECONDS,
  MAX_VIDEO_PIXELS,
  MAX_VIDEO_SIDE,
  MIN_CLIP_FRAMES,
  READABLE_VIDEO,
  VIDEO_EXTENSIONS,
  VIDEO_TYPES,
} from './limits';
export {
  type OpenedVideo,
  type OpenOptions,
  openVideo,
  type VideoFile,
  type VideoInfo,
  videoFromBlob,
  videoFromBytes,
} from './open';
export {
  type ClipRange,
  type ClipTiming,
  clipRange,
  clipSecondsAt,
  clipTStep,
  fileFrames,
  ordinal,
  type RangeRequest,
} from './range';
