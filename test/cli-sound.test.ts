/**
 * The command line's clip sound: the header checked with the studio's messages, the sound placed by the one
 * placement rule, muxed as AAC beside the H.264 video, and what a player decodes from the file equals the
 * placed sound (≥ 20 dB SNR) and lasts as long as the video.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeWav, placeAudio } from '../src/audio';
import { checkSound, writeClipSound } from '../src/cli/clip-sound';
import { mp4Writer } from '../src/cli/mp4-writer';
import { bestLag, snrDb } from './support/snr';
import { decodedLeftChannel, mediaStreams } from './support/sound-media';

const RATE = 48_000;
/** A chord that changes every half second: easy to tell apart from a shifted or silent copy. */
function music(seconds: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => {
    const t = i / RATE;
    const f = 220 * 2 ** ((Math.floor(t * 2) % 5) / 12);
    return 0.3 * Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * 1.5 * f * t);
  });
}

describe('a clip with sound from the command line', () => {
  const dir = mkdtempSync(join(tmpdir(), 'cli-sound-'));
  const source = music(6);
  const songPath = join(dir, 'song.wav');
  writeFileSync(songPath, encodeWav([source], RATE));

  it('muxes the placed sound as AAC; it decodes back to the placed samples and lasts as long as the video', async () => {
    const placement = { offset: -0.5, fadeIn: 0.5, fadeOut: 1 };
    const fps = 25;
    const frames = 100;
    const clipSeconds = frames / fps;
    const wav = join(dir, 'clip.wav');
    await writeClipSound(songPath, placement, clipSeconds, wav);
    const out = join(dir, 'clip.mp4');
    const writer = mp4Writer({ fps, temp: out, target: out, soundWav: wav });
    const frame = new Float32Array(16 * 16 * 3);
    for (let j = 0; j < frames; j++) await writer.frame(j, frame.fill((j / frames) * 2 - 1), 16, 16);
    await writer.finish();

    const streams = mediaStreams(out);
    const video = streams.find((s) => s.codec_type === 'video')!;
    const audio = streams.filter((s) => s.codec_type === 'audio');
    expect(video.codec_name).toBe('h264');
    expect(audio).toHaveLength(1);
    expect(audio[0]!.codec_name).toBe('aac');
    // Within one AAC frame (1024 samples).
    expect(Math.abs(Number(audio[0]!.duration) - Number(video.duration))).toBeLessThanOrEqual(1024 / RATE + 1e-6);

    const expected = placeAudio({ sampleRate: RATE, channels: [source] }, placement, clipSeconds)[0]!;
    const decoded = decodedLeftChannel(out, RATE);
    const lag = bestLag(expected, decoded, 2048);
    expect(Math.abs(lag)).toBeLessThan(2048);
    const aligned = decoded.subarray(Math.max(0, lag));
    expect(snrDb(expected, aligned)).toBeGreaterThan(20);
    // The same check fails for a sound placed elsewhere: the bound means something.
    const shifted = placeAudio({ sampleRate: RATE, channels: [source] }, { ...placement, offset: 0 }, clipSeconds)[0]!;
    expect(snrDb(shifted, aligned)).toBeLessThan(20);
  });

  it('refuses bad sound with the studio line before rendering', async () => {
    const text = join(dir, 'notes.wav');
    writeFileSync(text, 'not a sound at all');
    await expect(checkSound(text)).rejects.toThrow('"notes.wav" is not a sound file the studio reads');
    await expect(checkSound(join(dir, 'missing.wav'))).rejects.toThrow('no such file');
  });
});
