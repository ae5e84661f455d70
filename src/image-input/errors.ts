/** What is wrong with a picture, for callers that react differently (the studio shows the message either way). */
export type ImageInputErrorKind =
  | 'empty'
  | 'not-an-image'
  | 'unsupported-format'
  | 'zero-size'
  | 'too-large'
  | 'corrupt'
  | 'unsupported-colour'
  | 'bad-crop';

/** A picture that cannot be used, with a message meant for the person who chose it. */
export class ImageInputError extends Error {
  constructor(
    readonly kind: ImageInputErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'ImageInputError';
  }
}
