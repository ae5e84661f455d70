import { padRgba } from './pad-frame';

/** An RGBA image as a WebCodecs VideoFrame of the encoder's coded size. Close it after encoding. */
export function toVideoFrame(
  image: ImageData,
  codedWidth: number,
  codedHeight: number,
  timestamp: number,
  duration: number,
): VideoFrame {
  const data =
    image.width === codedWidth && image.height === codedHeight
      ? image.data
      : padRgba(image.data, image.width, image.height, codedWidth, codedHeight);
  return new VideoFrame(data, { format: 'RGBA', codedWidth, codedHeight, timestamp, duration });
}
