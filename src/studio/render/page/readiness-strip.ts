import type { StudioState } from '../../state/store';
import { loopFrames, playbackStepsOf, readyColumns } from '../../state/timeline';
import { clampView } from '../../state/timeline-view';
import { limitsOf, VALUES } from '../../state/values';
import { mainFrames } from '../shared/video-keys';

/** Columns of the readiness strip under the timeline (over the timeline's view). */
const READY_COLUMNS = 200;
/** What the readiness strip is about: a change to any of these computes it again. */
export const READY_INPUTS: ReadonlyArray<keyof StudioState> = [
  'clipSeconds',
  'loopStart',
  'loopEnd',
  'speed',
  'playbackFps',
  'timelineView',
  'model',
  'modelId',
];

/** The readiness strip's columns: which of the frames playback shows are cached, over the timeline's view. */
export class ReadinessStrip {
  /** The loop's playback frames, kept while the steps are the same (an hour's loop is 90,000 of them). */
  private loopFramesOf: { signature: string; frames: number[] } | null = null;

  /** `cached(videoKey, t)`: whether the frame cache holds that frame (looked up by its exact cache key). */
  bins(s: StudioState, cached: (videoKey: string, t: number) => boolean): string {
    const view = clampView(s.timelineView, VALUES.t.max(limitsOf(s)));
    // The frames playback shows (at the stored speed, forwards).
    const frameAt = mainFrames(s);
    const steps = playbackStepsOf({ ...s, playing: false });
    const signature = JSON.stringify(steps);
    if (this.loopFramesOf?.signature !== signature) this.loopFramesOf = { signature, frames: loopFrames(steps) };
    return readyColumns(
      this.loopFramesOf.frames,
      s.loopEnd,
      (position) => {
        const f = frameAt(position);
        return cached(f.videoKey, f.t);
      },
      { start: view.start, end: view.start + view.span },
      READY_COLUMNS,
    );
  }
}
