/**
 * Where `generate` puts one output (a video or a batch's grid): PNG frames in a folder, raw float32 NCHW, or
 * an H.264 MP4 through Debian's ffmpeg. Every file is staged by `Outputs` and moved into place when the output
 * is complete; `isComplete` tells a finished output from one a killed run left behind.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { frameToChw, frameToRgbBytes } from '../engine/plain';
import { UsageError } from './args';
import { framePngName, type GenerateOptions, unitName } from './generate-plan';
import type { Outputs } from './outputs';
import { encodePngRgb } from './png';

export interface FrameWriter {
  /** Frame j (in order), NHWC float32 of one frame. */
  frame(j: number, nhwc: Float32Array, height: number, width: number): Promise<void>;
  finish(): Promise<void>;
}

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
  return mp4Writer(o.fps, outputs.stagedPath(target), target);
}

/** Refuses `--format mp4` before anything is written when ffmpeg is not installed. */
export function checkFfmpeg(): void {
  const probe = spawnSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0)
    throw new UsageError(
      '--format mp4 needs ffmpeg, which is not installed: install the Debian package ffmpeg (apt-get install ffmpeg), or use --format png or f32',
    );
}

function mp4Writer(fps: number, temp: string, target: string): FrameWriter {
  let child: ChildProcess | null = null;
  let exit: Promise<number | null> | null = null;
  let stderr = '';
  const start = (height: number, width: number) => {
    // H.264 in yuv420p (any player), an even size (yuv420p needs one), no metadata that varies from run to run.
    const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24'];
    args.push('-s', `${width}x${height}`, '-framerate', String(fps), '-i', 'pipe:0');
    args.push('-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '18');
    args.push('-r', String(fps), '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1');
    args.push('-movflags', '+faststart', '-f', 'mp4', temp);
    const proc = spawn('ffmpeg', args, { stdio: ['pipe', 'ignore', 'pipe'] });
    // A write after ffmpeg has quit fails in the write's callback; its exit code is what gets reported.
    proc.stdin!.on('error', () => undefined);
    proc.stderr!.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    exit = new Promise((resolve, reject) => {
      proc.on('error', reject);
      proc.on('close', resolve);
    });
    child = proc;
    return proc;
  };
  const fail = (why: string) => new Error(`ffmpeg could not write ${target}: ${why}`);
  return {
    frame: async (_j, nhwc, h, w) => {
      const proc = child ?? start(h, w);
      const bytes = frameToRgbBytes(nhwc, 0, h, w);
      await new Promise<void>((resolve, reject) => {
        proc.stdin!.write(bytes, (error) => (error ? reject(fail(stderr.trim() || error.message)) : resolve()));
      });
    },
    finish: async () => {
      if (!child) return;
      child.stdin!.end();
      const code = await exit!;
      if (code !== 0) throw fail(stderr.trim().split('\n').at(-1) || `exit code ${code}`);
    },
  };
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
