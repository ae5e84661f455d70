/** What is wrong with a clip, for callers that react differently (the studio shows the message either way). */
export type VideoInputErrorKind =
  | 'empty'
  | 'too-large'
  | 'not-a-video'
  | 'no-video-track'
  | 'no-frames'
  | 'one-frame'
  | 'codec'
  | 'bad-range'
  | 'corrupt';

/** A clip that cannot be used, with one line meant for the person who chose it. */
export class VideoInputError extends Error {
  constructor(
    readonly kind: VideoInputErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'VideoInputError';
  }
}
