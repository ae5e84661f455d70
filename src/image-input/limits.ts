/** Largest picture accepted, checked from the header before anything is decoded. */
export const MAX_IMAGE_PIXELS = 64_000_000;
/** Longest side accepted (browsers' canvases stop near here). */
export const MAX_IMAGE_SIDE = 16_384;
/** Largest file read at all. */
export const MAX_IMAGE_FILE_BYTES = 256 * 1024 * 1024;
