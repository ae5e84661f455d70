/** The rows of values.ts's table for "Animate a video" (the range of the clip that is fitted); VALUES holds them. */
import { DEFAULT_VIDEO_STEPS } from '../../latent/video-fit-limits';
import { MAX_CLIP_FRAMES, MAX_FRAME_STEP, MAX_START_SECONDS, MIN_CLIP_FRAMES } from '../../video-input';
import type { NumberSpec } from './values';

const whole = (v: number) => v.toLocaleString('en-US');

export const CLIP_VALUES = {
  /** The first frame's time in the clip (seconds; the frame at or after it). */
  videoStart: {
    label: 'Start',
    unit: 's',
    min: () => 0,
    max: () => MAX_START_SECONDS,
    step: 0.001,
    nudge: 0.1,
    default: 0,
    display: (v) => `${v} s`,
  },
  /** How many frames are fitted. */
  videoFrames: {
    label: 'Frames',
    unit: '',
    min: () => MIN_CLIP_FRAMES,
    max: () => MAX_CLIP_FRAMES,
    step: 1,
    default: 16,
    display: whole,
  },
  /** Every k-th frame of the clip. */
  videoFrameStep: {
    label: 'Frame step',
    unit: '',
    min: () => 1,
    max: () => MAX_FRAME_STEP,
    step: 1,
    default: 1,
    display: whole,
  },
  /** Joint steps of the video fit (after the first frame's picture projection); the fit's own default. */
  videoProjectionSteps: {
    label: 'Steps',
    unit: '',
    min: () => 1,
    max: () => 5000,
    step: 1,
    nudge: 50,
    default: DEFAULT_VIDEO_STEPS,
    display: whole,
  },
} satisfies Record<string, NumberSpec>;
