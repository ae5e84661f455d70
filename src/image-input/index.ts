export { decodeImageBlob } from './browser-decode';
export { type CropRect, centreSquare, validateCrop } from './crop';
export type { DecodedImage } from './decoded-image';
export { ImageInputError, type ImageInputErrorKind } from './errors';
export {
  decodeBytesPerPixel,
  MAX_DECODE_BYTES,
  MAX_IMAGE_FILE_BYTES,
  MAX_IMAGE_PIXELS,
  MAX_IMAGE_SIDE,
  maxDecodePixels,
} from './limits';
export { resampleSquare } from './resample';
export { type ImageFormat, type ImageHeader, sniffImage } from './sniff';
export { type PreparedTarget, prepareTarget, type TargetOptions } from './target';
