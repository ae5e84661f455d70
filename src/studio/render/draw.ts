/** An RGBA image (as the worker sends them) onto a canvas at its own size. */
export function drawFull(canvas: HTMLCanvasElement, width: number, height: number, rgba: Uint8ClampedArray): void {
  if (canvas.width !== width || canvas.height !== height) {
    canvas.width = width;
    canvas.height = height;
  }
  canvas.getContext('2d')!.putImageData(new ImageData(rgba as Uint8ClampedArray<ArrayBuffer>, width, height), 0, 0);
}

let scratch: HTMLCanvasElement | null = null;

/** A low-resolution image smoothly up-scaled to fill the canvas (a progressive frame's first look). */
export function drawCoarse(canvas: HTMLCanvasElement, width: number, height: number, rgba: Uint8ClampedArray): void {
  scratch ??= document.createElement('canvas');
  drawFull(scratch, width, height, rgba);
  const context = canvas.getContext('2d')!;
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = 'high';
  context.drawImage(scratch, 0, 0, canvas.width, canvas.height);
}
