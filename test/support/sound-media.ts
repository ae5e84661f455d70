/** A media file's streams and its sound as a player decodes it, read back with Debian's ffprobe and ffmpeg. */
import { execFileSync } from 'node:child_process';

export interface MediaStream {
  codec_type: string;
  codec_name: string;
  duration: string;
  nb_read_frames?: string;
}

/** Every stream (video frames counted). */
export function mediaStreams(file: string): MediaStream[] {
  const entries = 'stream=codec_type,codec_name,duration,nb_read_frames';
  const json = execFileSync('ffprobe', ['-v', 'error', '-count_frames', '-show_entries', entries, '-of', 'json', file]);
  return JSON.parse(json.toString()).streams as MediaStream[];
}

/** The first sound stream's left channel as it is (ffmpeg's own stereo-to-mono mix scales by √2), at `rate`. */
export function decodedLeftChannel(file: string, rate: number): Float32Array {
  const args = ['-v', 'error', '-i', file, '-map', '0:a:0', '-af', 'pan=mono|c0=c0', '-f', 'f32le'];
  const raw = execFileSync('ffmpeg', [...args, '-ar', String(rate), 'pipe:1'], { maxBuffer: 1 << 29 });
  return new Float32Array(raw.buffer, raw.byteOffset, raw.byteLength / 4);
}
