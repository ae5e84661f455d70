/**
 * What a clip for "Animate a video" may be, checked from its container's header before a frame is decoded,
 * and the range of it that is fitted. Only the chosen range is ever decoded, so a long file is fine.
 */

/** Largest file opened (it is read lazily: only the header, the packet index and the chosen range). */
export const MAX_VIDEO_FILE_BYTES = 16 * 1024 ** 3;
/** Longest side and most pixels a frame may have (8K UHD); one frame is held as RGBA for the crop view. */
export const MAX_VIDEO_SIDE = 8192;
export const MAX_VIDEO_PIXELS = 7680 * 4320;
/** The fewest and most frames fitted at once: the fit's own limits. */
export { MAX_CLIP_FRAMES, MIN_CLIP_FRAMES } from '../latent/video-fit-limits';
/** The largest "every k-th frame". */
export const MAX_FRAME_STEP = 60;
/** The latest first frame time offered (seconds); the clip's own length is checked when it is known. */
export const MAX_START_SECONDS = 24 * 3600;

/** File name endings of the clips the studio reads (its file picker and page drops ask this). */
export const VIDEO_EXTENSIONS = ['.mp4', '.m4v', '.mov', '.webm', '.mkv'] as const;
/** The file picker's accept list. */
export const VIDEO_TYPES = 'video/mp4,video/webm,video/quicktime,video/x-matroska,.mp4,.m4v,.mov,.webm,.mkv';
/** What the studio reads, for messages. */
export const READABLE_VIDEO = 'MP4, MOV or WebM (H.264, VP8, VP9 or AV1)';

export function isVideoFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return VIDEO_EXTENSIONS.some((ending) => lower.endsWith(ending));
}
