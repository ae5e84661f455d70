export { sniffImage, type ImageFormat, type ImageHeader } from './sniff';
export { ImageInputError, type ImageInputErrorKind } from './errors';
export { MAX_IMAGE_FILE_BYTES, MAX_IMAGE_PIXELS, MAX_IMAGE_SIDE } from './limits';
export type { DecodedImage } from './decoded-image';
export { centreSquare, validateCrop, type CropRect } from './crop';
export { prepareTarget, type PreparedTarget, type TargetOptions } from './target';
export { decodeImageBlob } from './browser-decode';
