/**
 * The video fit's limits and default steps, with no tfjs: the page's clip picker and the studio's Steps field
 * ask these, the fit (`projection/video-project.ts`) enforces them.
 */

/** The fewest and most frames a clip may have (each frame costs a synthesis pass a step). */
export const MIN_CLIP_FRAMES = 2;
export const MAX_CLIP_FRAMES = 64;
/**
 * Joint steps: on the bench clip (16 frames 4 training frames apart, motion learning rate 0.02) 300 steps give
 * 36.9 dB and a difference correlation of 0.877, 500 steps 38.1 dB and 0.936 (the 0.9 target needs them).
 */
export const DEFAULT_VIDEO_STEPS = 500;
/** Steps of the first frame's picture projection, the joint fit's starting point. */
export const DEFAULT_VIDEO_PICTURE_STEPS = 150;
