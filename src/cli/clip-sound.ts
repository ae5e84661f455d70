/**
 * A clip's sound for the command line: the file's header checked by the audio package (the studio's own
 * messages), decoded by ffmpeg (any codec, at the file's rate and channels), placed in the clip by the one
 * placement rule, and written as a 16-bit WAV for the MP4 writer to mux.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import {
  type AudioInfo,
  type AudioPlacement,
  audioFromPath,
  type DecodedAudio,
  encodeWav,
  openAudio,
  placeAudio,
} from '../audio/node';
import { UsageError } from './args';

/** Checks the sound's header; a sound that cannot be used is a usage error with the audio package's line. */
export async function checkSound(path: string): Promise<AudioInfo> {
  try {
    const opened = await openAudio(await audioFromPath(path));
    opened.input.dispose();
    return opened.info;
  } catch (error) {
    if (error instanceof Error && error.name === 'AudioInputError') throw new UsageError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new UsageError(`--audio: no such file: ${path}`);
    throw error;
  }
}

/** The whole sound as float32 channels, decoded by ffmpeg. */
export async function decodeWithFfmpeg(path: string, info: AudioInfo): Promise<DecodedAudio> {
  const args = ['-hide_banner', '-loglevel', 'error', '-i', path, '-map', '0:a:0'];
  args.push(
    '-f',
    'f32le',
    '-acodec',
    'pcm_f32le',
    '-ac',
    String(info.channels),
    '-ar',
    String(info.sampleRate),
    'pipe:1',
  );
  const chunks: Buffer[] = [];
  let stderr = '';
  const code = await new Promise<number | null>((resolve, reject) => {
    const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    proc.stdout.on('data', (d: Buffer) => chunks.push(d));
    proc.stderr.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-2000);
    });
    proc.on('error', reject);
    proc.on('close', resolve);
  });
  if (code !== 0) throw new Error(`ffmpeg could not decode ${path}: ${stderr.trim().split('\n').at(-1) ?? code}`);
  const all = Buffer.concat(chunks);
  const interleaved = new Float32Array(all.buffer, all.byteOffset, Math.floor(all.byteLength / 4));
  const frames = Math.floor(interleaved.length / info.channels);
  const channels = Array.from({ length: info.channels }, (_, c) => {
    const channel = new Float32Array(frames);
    for (let i = 0; i < frames; i++) channel[i] = interleaved[i * info.channels + c] as number;
    return channel;
  });
  return { sampleRate: info.sampleRate, channels };
}

/** Writes the clip's sound (placed, trimmed to `clipSeconds`) as a WAV at `wavPath`. */
export async function writeClipSound(
  path: string,
  placement: AudioPlacement,
  clipSeconds: number,
  wavPath: string,
): Promise<void> {
  const info = await checkSound(path);
  const decoded = await decodeWithFfmpeg(path, info);
  const placed = placeAudio(decoded, placement, clipSeconds);
  await writeFile(wavPath, encodeWav(placed.length > 2 ? downmixToStereo(placed) : placed, decoded.sampleRate));
}

/** More than two channels go to stereo: even channels left, odd right (AAC in MP4 players is safest in stereo). */
function downmixToStereo(channels: Float32Array[]): Float32Array[] {
  const length = channels[0]?.length ?? 0;
  const out = [new Float32Array(length), new Float32Array(length)];
  channels.forEach((channel, c) => {
    const side = out[c % 2] as Float32Array;
    const share = 1 / Math.ceil(channels.length / 2);
    for (let i = 0; i < length; i++) side[i] = (side[i] as number) + (channel[i] as number) * share;
  });
  return out;
}
