import { downloadBlob } from './download';

/** PNG bytes of an RGBA image (lossless: the file has exactly these pixels). */
export async function imageToPng(image: ImageData): Promise<Blob> {
  const canvas = document.createElement('canvas');
  canvas.width = image.width;
  canvas.height = image.height;
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser has no 2D canvas to encode the PNG with');
  context.putImageData(image, 0, 0);
  return new Promise((resolve, reject) =>
    canvas.toBlob(
      (blob) => (blob ? resolve(blob) : reject(new Error('the browser could not encode the PNG'))),
      'image/png',
    ),
  );
}

/** Saves one frame as a PNG download. */
export async function saveFramePng(image: ImageData, fileName: string): Promise<void> {
  downloadBlob(await imageToPng(image), fileName);
}
