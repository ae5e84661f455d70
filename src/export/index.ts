// The export's public door: the studio (or anything else with a frame source) uses these.
export { isAbortError } from './abort';
export { downloadBlob } from './download';
export { chooseEncoding, type EncodingChoice, type EncodingRequest, suggestedBitrate } from './encoder-config';
export { clipFileName, type FileNameParts, frameFileName } from './file-name';
export { type FramePlan, MAX_DURATION_SECONDS, MAX_FPS, MIN_FPS, planFrames } from './frame-times';
export { type ClipResult, encodeClip, type FrameSource } from './mp4-export';
export { saveFramePng } from './png';
export { type ExportProgress, formatBytes, formatDuration } from './progress';
export { exportSize, type ScaleFilter, scaledFrameSource, scaledSize, scaleImage } from './scale-frame';
export { placeSideBySide, sideBySideSource } from './side-by-side';
export { type ClipSound, chooseSoundCodec, type SoundCodecChoice } from './sound-track';
export { canStreamToFile, downloadTarget, type ExportTarget, pickFileTarget } from './targets';
