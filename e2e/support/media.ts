/** Exported media, read back with Debian's ffmpeg/ffprobe: what a person's player would see. */
import { execFileSync } from 'node:child_process';

export interface Probe {
  codec: string;
  width: number;
  height: number;
  frames: number;
  duration: number;
}

export function probe(file: string): Probe {
  const json = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-count_frames',
      '-show_entries',
      'stream=codec_name,width,height,nb_read_frames:format=duration',
      '-of',
      'json',
      file,
    ],
    {
      encoding: 'utf8',
    },
  );
  const parsed = JSON.parse(json) as { streams: Array<Record<string, string | number>>; format: { duration: string } };
  const stream = parsed.streams[0]!;
  return {
    codec: String(stream.codec_name),
    width: Number(stream.width),
    height: Number(stream.height),
    frames: Number(stream.nb_read_frames),
    duration: Number(parsed.format.duration),
  };
}

/** The first frame of a video (or a PNG) as raw bytes in `pixFmt` (rgb24 or rgba). */
export function firstFrame(file: string, pixFmt: 'rgb24' | 'rgba'): Buffer {
  return execFileSync(
    'ffmpeg',
    ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', pixFmt, '-'],
    { maxBuffer: 64 * 1024 * 1024 },
  );
}
