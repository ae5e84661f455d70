/**
 * Where `generate` puts one output (a video or a batch's grid): PNG frames in a folder, raw float32 NCHW, or
 * an H.264 MP4 through Debian's ffmpeg. Every file is staged by `Outputs` and moved into place when the output
 * is complete; `isComplete` tells a finished output from one a killed run left behind.
 */
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { frameToChw, frameToRgbBytes } from '../engine/plain';
import { framePngName, type GenerateOptions, unitName } from './generate-plan';
import type { FrameWriter } from './mp4-writer';
import { mp4Writer } from './mp4-writer';
import type { Outputs } from './outputs';
import { encodePngRgb } from './png';

export type { FrameWriter } from './mp4-writer';

/** The file (mp4, f32) or folder (png) an output is written to. */
export function unitTarget(o: GenerateOptions, number: number): string {
  const name = unitName(number);
  return path.join(o.outDir, o.format === 'png' ? name : `${name}.${o.format}`);
}

/** Whether the output is already complete (written atomically, so present means complete; f32 by its size too). */
export async function isComplete(o: GenerateOptions, number: number, height: number, width: number): Promise<boolean> {
  const target = unitTarget(o, number);
  if (o.format === 'png') {
    for (let j = 0; j < o.videoLen; j++) {
      const info = await stat(path.join(target, framePngName(o, j))).catch(() => undefined);
      if (!info?.isFile()) return false;
    }
    return true;
  }
  const info = await stat(target).catch(() => undefined);
  if (!info?.isFile()) return false;
  return o.format === 'mp4' ? info.size > 0 : info.size === o.videoLen * 3 * height * width * 4;
}

/** Removes the temporaries a killed run left for this output (`.<name>.partial-…`); other files stay. */
export async function removeStale(o: GenerateOptions, number: number): Promise<void> {
  const target = unitTarget(o, number);
  const folder = o.format === 'png' ? target : path.dirname(target);
  const prefix = o.format === 'png' ? '.' : `.${path.basename(target)}.partial-`;
  const names = await readdir(folder).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(prefix) && name.includes('.partial-')) await rm(path.join(folder, name), { force: true });
  }
}

export async function openWriter(o: GenerateOptions, number: number, outputs: Outputs): Promise<FrameWriter> {
  const target = unitTarget(o, number);
  if (o.format === 'png') {
    await mkdir(target, { recursive: true });
    return {
      frame: (j, nhwc, h, w) =>
        outputs.write(path.join(target, framePngName(o, j)), encodePngRgb(frameToRgbBytes(nhwc, 0, h, w), w, h)),
      finish: async () => undefined,
    };
  }
  if (o.format === 'f32') {
    const handle = await outputs.open(target);
    return {
      frame: async (j, nhwc, h, w) => {
        const chw = frameToChw(nhwc, h, w);
        await handle.write(new Uint8Array(chw.buffer), 0, chw.byteLength, j * chw.byteLength);
      },
      finish: async () => undefined,
    };
  }
  return mp4Writer({ fps: o.fps, temp: outputs.stagedPath(target), target });
}

/**
 * torchvision's make_grid as the official script calls it: `columns` images a row, 2 px padding around and
 * between them, padded with black (raw -1, pixel 0). NHWC in, NHWC out.
 */
export function gridFrame(cells: Float32Array[], height: number, width: number, columns: number) {
  const rows = Math.ceil(cells.length / columns);
  const pad = 2;
  const gh = (height + pad) * rows + pad;
  const gw = (width + pad) * columns + pad;
  const grid = new Float32Array(gh * gw * 3).fill(-1);
  cells.forEach((cell, k) => {
    const y0 = Math.floor(k / columns) * (height + pad) + pad;
    const x0 = (k % columns) * (width + pad) + pad;
    for (let y = 0; y < height; y++) {
      grid.set(cell.subarray(y * width * 3, (y + 1) * width * 3), ((y0 + y) * gw + x0) * 3);
    }
  });
  return { nhwc: grid, height: gh, width: gw };
}

/** The size of an output's frames: the model's, or its grid's. */
export function unitSize(resolution: number, cells: number, columns: number): { height: number; width: number } {
  if (columns === 0) return { height: resolution, width: resolution };
  const rows = Math.ceil(cells / columns);
  return { height: (resolution + 2) * rows + 2, width: (resolution + 2) * columns + 2 };
}
