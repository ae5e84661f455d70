/**
 * The frames of a clip for `project-video`: a printf pattern of PNG/JPEG/WebP frames (`%d` or `%0Nd`,
 * numbered from 0 or 1, read until the first missing number) or a video file, whose frames ffmpeg extracts
 * into a temporary folder. Every frame is checked from its header and decoded by src/image-input.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { type DecodedImage, ImageInputError } from '../image-input';
import { readImageFile } from '../image-input/node';
import { UsageError } from './args';

/** One `%d` or `%0Nd` (N a digit or two), nothing else with a `%` but `%%`. */
const NUMBER = /%(0\d{1,2})?d/;

export function isFramePattern(path: string): boolean {
  return path.replace(/%%/g, '').includes('%');
}

/** The file a pattern names for frame number k. */
export function framePath(pattern: string, k: number): string {
  const [head, ...rest] = pattern.split('%%');
  const fill = (part: string) =>
    part.replace(NUMBER, (_, width: string | undefined) => String(k).padStart(width ? Number(width) : 0, '0'));
  return [fill(head!), ...rest.map(fill)].join('%');
}

function checkPattern(pattern: string): void {
  const bare = pattern.replace(/%%/g, '');
  const numbers = bare.match(new RegExp(NUMBER.source, 'g')) ?? [];
  const percents = (bare.match(/%/g) ?? []).length;
  if (numbers.length !== 1 || percents !== 1)
    throw new UsageError(
      `frame pattern ${pattern} must hold one %d or %0Nd for the frame number (e.g. frames/%04d.png; %% for a % sign)`,
    );
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/** Files of frames 0 (or 1), 1, 2, ... until the first missing number, at most `max` of them. */
export async function patternFrames(pattern: string, max: number): Promise<{ paths: string[]; more: boolean }> {
  checkPattern(pattern);
  const first = (await isFile(framePath(pattern, 0))) ? 0 : (await isFile(framePath(pattern, 1))) ? 1 : -1;
  if (first < 0)
    throw new UsageError(
      `no frames match ${pattern} (looked for ${framePath(pattern, 0)} and ${framePath(pattern, 1)})`,
    );
  const paths: string[] = [];
  for (let k = first; ; k++) {
    const path = framePath(pattern, k);
    if (!(await isFile(path))) return { paths, more: false };
    if (paths.length === max) return { paths, more: true };
    paths.push(path);
  }
}

function hasFfmpeg(): boolean {
  return !spawnSync('ffmpeg', ['-hide_banner', '-version'], { stdio: 'ignore' }).error;
}

/**
 * Extracts up to `max` frames of a video file as PNGs into a new temporary folder; the caller removes it.
 * A missing ffmpeg, a file that is not a video and a video without frames each get one line.
 */
export async function extractVideoFrames(
  file: string,
  max: number,
): Promise<{ dir: string; paths: string[]; more: boolean }> {
  const info = await stat(file).catch(() => undefined);
  if (!info) throw new UsageError(`cannot read ${file}: no such file`);
  if (!info.isFile()) throw new UsageError(`${file} is not a file`);
  if (info.size === 0) throw new UsageError(`${basename(file)} is empty (0 bytes)`);
  if (!hasFfmpeg())
    throw new UsageError(
      `reading a video file needs ffmpeg, which is not installed: install the Debian package ffmpeg (apt-get install ffmpeg), or give the frames as a pattern such as frames/%04d.png`,
    );
  const dir = await mkdtemp(join(tmpdir(), 'stylegan-v-clip-'));
  try {
    // One more frame than needed, to tell the caller the clip was longer.
    const args = ['-hide_banner', '-nostdin', '-v', 'error', '-i', file, '-frames:v', String(max + 1)];
    const stderr = await new Promise<{ code: number | null; text: string }>((resolve, reject) => {
      const proc = spawn('ffmpeg', [...args, join(dir, '%05d.png')], { stdio: ['ignore', 'ignore', 'pipe'] });
      let text = '';
      proc.stderr.on('data', (chunk: Buffer) => {
        if (text.length < 4000) text += chunk.toString('utf8');
      });
      proc.on('error', reject);
      proc.on('close', (code) => resolve({ code, text }));
    });
    const names = (await readdir(dir)).filter((name) => /^\d{5}\.png$/.test(name)).sort();
    if (stderr.code !== 0 && names.length === 0) {
      const why =
        stderr.text
          .trim()
          .split('\n')
          .at(-1)
          ?.replace(/^.*?: /, '') ?? 'ffmpeg failed';
      throw new UsageError(`${basename(file)} is not a video ffmpeg can read (${why.slice(0, 200)})`);
    }
    if (names.length === 0) throw new UsageError(`${basename(file)} has no video frames`);
    const paths = names.map((name) => join(dir, name));
    return { dir, paths: paths.slice(0, max), more: paths.length > max };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

/**
 * Decodes each frame and hands it to `prepare` at once (a clip of large frames is never held decoded), all
 * of one size; a frame that cannot be used gets its one line, which names it.
 */
export async function readFrames<T>(
  paths: readonly string[],
  label: (i: number) => string,
  prepare: (image: DecodedImage) => T,
): Promise<T[]> {
  const prepared: T[] = [];
  let size: { width: number; height: number } | undefined;
  for (const [i, path] of paths.entries()) {
    const image = await readImageFile(path).catch((error: unknown) => {
      throw error instanceof ImageInputError ? new UsageError(error.message) : error;
    });
    if (size && (image.width !== size.width || image.height !== size.height))
      throw new UsageError(
        `${label(i)} is ${image.width}x${image.height}, the first frame ${size.width}x${size.height}: all frames must have one size`,
      );
    size = { width: image.width, height: image.height };
    prepared.push(prepare(image));
  }
  return prepared;
}
