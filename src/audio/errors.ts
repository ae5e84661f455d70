/** What is wrong with a sound file, for callers that react differently (the studio shows the message either way). */
export type AudioInputErrorKind =
  | 'empty'
  | 'not-audio'
  | 'no-audio-track'
  | 'zero-length'
  | 'too-long'
  | 'sample-rate'
  | 'channels'
  | 'truncated'
  | 'too-large'
  | 'corrupt';

/** A sound that cannot be used, with one line meant for the person who chose it. */
export class AudioInputError extends Error {
  constructor(
    readonly kind: AudioInputErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'AudioInputError';
  }
}
