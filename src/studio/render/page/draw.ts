/**
 * 2d contexts kept in CPU memory: a GPU-backed canvas would wait for the GPU process, which WebGPU renders
 * in the worker can keep busy for long on software adapters (the page would stall while playing).
 */
function context2d(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  return canvas.getContext('2d', { willReadFrequently: true })!;
}

/** An RGBA image (as the worker sends them) onto a canvas at its own size. */
export function drawFull(canvas: HTMLCanvasElement, width: number, height: number, rgba: Uint8ClampedArray): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  context2d(canvas).putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
}

let scratch: HTMLCanvasElement | null = null;

/** A low-resolution image smoothly up-scaled to fill the canvas (a progressive frame's first look). */
export function drawCoarse(canvas: HTMLCanvasElement, width: number, height: number, rgba: Uint8ClampedArray): void {
  scratch ??= document.createElement('canvas');
  drawFull(scratch, width, height, rgba);
  const context = context2d(canvas);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}
