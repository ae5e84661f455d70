/**
 * H.264 MP4 through Debian's ffmpeg, fed raw RGB frames on its stdin as they render, with an optional sound
 * muxed in as AAC. Commands that write MP4 (generate, render-project) check for ffmpeg first with checkFfmpeg.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { frameToRgbBytes } from '../engine/plain';
import { UsageError } from './args';

export interface FrameWriter {
  /** Frame j (in order), NHWC float32 of one frame. */
  frame(j: number, nhwc: Float32Array, height: number, width: number): Promise<void>;
  finish(): Promise<void>;
}

export interface Mp4Target {
  fps: number;
  /** Where ffmpeg writes (moved into place by the caller once complete). */
  temp: string;
  /** The name messages give. */
  target: string;
  /** A WAV file with the clip's sound, from clip time 0, already trimmed to the clip. */
  soundWav?: string;
}

/** Refuses an MP4 output before anything is written when ffmpeg is not installed. */
export function checkFfmpeg(option = '--format mp4', otherwise = 'or use --format png or f32'): void {
  const probe = spawnSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore' });
  if (probe.error || probe.status !== 0)
    throw new UsageError(
      `${option} needs ffmpeg, which is not installed: install the Debian package ffmpeg (apt-get install ffmpeg), ${otherwise}`,
    );
}

export function mp4Writer(o: Mp4Target): FrameWriter {
  let child: ChildProcess | null = null;
  let exit: Promise<number | null> | null = null;
  let stderr = '';
  const start = (height: number, width: number) => {
    // H.264 in yuv420p (any player), an even size (yuv420p needs one), no metadata that varies from run to run.
    const args = ['-hide_banner', '-loglevel', 'error', '-y', '-f', 'rawvideo', '-pix_fmt', 'rgb24'];
    args.push('-s', `${width}x${height}`, '-framerate', String(o.fps), '-i', 'pipe:0');
    if (o.soundWav) args.push('-i', o.soundWav);
    args.push('-vf', 'pad=ceil(iw/2)*2:ceil(ih/2)*2', '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-crf', '18');
    if (o.soundWav) args.push('-map', '0:v', '-map', '1:a', '-c:a', 'aac', '-b:a', '192k');
    args.push('-r', String(o.fps), '-fflags', '+bitexact', '-flags:v', '+bitexact', '-map_metadata', '-1');
    args.push('-movflags', '+faststart', '-f', 'mp4', o.temp);
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
  const fail = (why: string) => new Error(`ffmpeg could not write ${o.target}: ${why}`);
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
