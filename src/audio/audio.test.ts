import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AudioInputError,
  audioFromBytes,
  clipPeaks,
  decodeAudio,
  encodeWav,
  envelopeOf,
  FOLLOW_DEFAULTS,
  followSoundKeyframes,
  followSpeed,
  gainAt,
  onsetTimes,
  openAudio,
  PULSE_DEFAULTS,
  placeAudio,
  pulseKeyframes,
  soundPeaks,
} from '.';

const RATE = 44_100;

function sine(seconds: number, hz: number, rate = RATE): Float32Array {
  return Float32Array.from(
    { length: Math.round(seconds * rate) },
    (_, i) => 0.5 * Math.sin((2 * Math.PI * hz * i) / rate),
  );
}

/** Clicks (5 ms bursts of noise) every `period` seconds from `first`, silence between. */
function clickTrack(seconds: number, period: number, first: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * RATE));
  let seed = 1;
  for (let at = first; at < seconds; at += period) {
    const start = Math.round(at * RATE);
    for (let i = 0; i < 0.005 * RATE && start + i < out.length; i++) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      out[start + i] = (seed / 2 ** 31) * 1.6 - 0.8;
    }
  }
  return out;
}

async function refusal(name: string, bytes: Uint8Array): Promise<AudioInputError> {
  const error = await openAudio(audioFromBytes(name, bytes)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AudioInputError);
  return error as AudioInputError;
}

/** A WAVE header with chosen fields and `dataBytes` declared, followed by `present` bytes of silence. */
function craftedWav(o: { rate: number; channels: number; dataBytes: number; present: number }): Uint8Array {
  const real = encodeWav([new Float32Array(1)], 8000);
  const out = new Uint8Array(44 + o.present);
  out.set(real.subarray(0, 44));
  const view = new DataView(out.buffer);
  view.setUint32(4, 36 + o.dataBytes, true);
  view.setUint16(22, o.channels, true);
  view.setUint32(24, o.rate, true);
  view.setUint32(28, o.rate * o.channels * 2, true);
  view.setUint16(32, o.channels * 2, true);
  view.setUint32(40, o.dataBytes, true);
  return out;
}

describe('reading a sound', () => {
  it('reads a WAV header and decodes its samples as written', async () => {
    const left = sine(1.5, 440);
    const right = sine(1.5, 660);
    const opened = await openAudio(audioFromBytes('tone.wav', encodeWav([left, right], RATE)));
    expect(opened.info).toMatchObject({ container: 'WAVE', sampleRate: RATE, channels: 2 });
    expect(opened.info.durationSeconds).toBeCloseTo(1.5, 6);
    const decoded = await decodeAudio(opened);
    expect(decoded.channels).toHaveLength(2);
    expect(decoded.channels[0]!.length).toBe(left.length);
    let worst = 0;
    for (let i = 0; i < left.length; i++) {
      worst = Math.max(
        worst,
        Math.abs(decoded.channels[0]![i]! - left[i]!),
        Math.abs(decoded.channels[1]![i]! - right[i]!),
      );
    }
    expect(worst).toBeLessThan(1 / 16_000);
  });

  it('refuses what is not a usable sound with one line from the header', async () => {
    const empty = await refusal('empty.wav', new Uint8Array(0));
    expect(empty.kind).toBe('empty');
    const text = await refusal('notes.txt', new TextEncoder().encode('<!doctype html><title>Login</title>'));
    expect(text.kind).toBe('not-audio');
    expect(text.message).toBe(
      '"notes.txt" is not a sound file the studio reads (WAV, MP3, AAC/M4A, Ogg Vorbis or Opus).',
    );
    const fast = await refusal(
      'fast.wav',
      craftedWav({ rate: 384_000, channels: 1, dataBytes: 768_000, present: 768_000 }),
    );
    expect(fast.kind).toBe('sample-rate');
    expect(fast.message).toContain('384 kHz');
    const wide = await refusal('wide.wav', craftedWav({ rate: 48_000, channels: 64, dataBytes: 6144, present: 6144 }));
    expect(wide.kind).toBe('channels');
    expect(wide.message).toContain('64 channels');
    const long = await refusal(
      'long.wav',
      craftedWav({ rate: 8000, channels: 1, dataBytes: 8000 * 2 * 36_000, present: 16_000 }),
    );
    expect(long.kind).toBe('too-long');
    expect(long.message).toContain('10.0 h');
    const cut = encodeWav([sine(2, 440)], RATE);
    const truncated = await refusal('cut.wav', cut.subarray(0, cut.length / 2));
    expect(truncated.kind).toBe('truncated');
    expect(truncated.message).toMatch(/header says 2\.00 s but the file holds 1\.00 s/);
    const silent = await refusal('silent.wav', encodeWav([new Float32Array(0)], RATE));
    expect(silent.kind).toBe('zero-length');
  });

  it('quotes a hostile name safely', async () => {
    const error = await refusal('a\u202Eevil\n.wav', new Uint8Array(0));
    expect(error.message).not.toMatch(/[\u202E\n]/);
  });
});

describe('compressed sounds (made by Debian ffmpeg)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audio-'));
  const wav = join(dir, 'tone.wav');
  writeFileSync(wav, encodeWav([sine(3, 440), sine(3, 440)], RATE));
  const encode = (name: string, args: string[]) => {
    execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-y', '-i', wav, ...args, join(dir, name)]);
    return new Uint8Array(readFileSync(join(dir, name)));
  };
  const formats: Array<[string, string[], string, string]> = [
    ['tone.mp3', [], 'MP3', 'mp3'],
    ['tone.m4a', ['-c:a', 'aac'], 'MP4', 'aac'],
    ['tone.ogg', ['-c:a', 'libvorbis'], 'Ogg', 'vorbis'],
    ['tone.opus', ['-c:a', 'libopus'], 'Ogg', 'opus'],
  ];

  for (const [name, args, container, codec] of formats) {
    it(`${name}: reads its header, and refuses it cut short`, async () => {
      const bytes = encode(name, args);
      const { info, input } = await openAudio(audioFromBytes(name, bytes));
      input.dispose();
      expect(info).toMatchObject({ container, codec, channels: 2 });
      expect(Math.abs(info.durationSeconds - 3)).toBeLessThan(0.1);
      // Node has no WebCodecs decoders: a compressed sound is refused with the codec named, not as damaged.
      const opened = await openAudio(audioFromBytes(name, bytes));
      const decoding = await decodeAudio(opened).then(
        () => null,
        (e: unknown) => e as AudioInputError,
      );
      opened.input.dispose();
      expect(decoding?.message).toBe(
        `"${name}" holds ${codec.toUpperCase()} sound, which this browser cannot decode: convert it to WAV, or use another browser.`,
      );
      const cut = await refusal(name, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      expect(['truncated', 'corrupt', 'no-audio-track']).toContain(cut.kind);
      expect(cut.message.split('\n')).toHaveLength(1);
    });
  }
});

describe('placing a sound in a clip', () => {
  const audio = { sampleRate: 1000, channels: [Float32Array.from({ length: 3000 }, () => 1)] };

  it('starts at the offset, fades in and out, and ends with the clip', () => {
    const placed = placeAudio(audio, { offset: 0.5, fadeIn: 1, fadeOut: 0.5 }, 3)[0]!;
    expect(placed).toHaveLength(3000);
    expect(placed[499]).toBe(0);
    expect(placed[500]).toBe(0);
    expect(placed[1000]).toBeCloseTo(0.5, 6);
    expect(placed[2000]).toBe(1);
    expect(placed[2750]).toBeCloseTo(0.5, 2);
  });

  it('cuts the start of a sound placed before the clip', () => {
    const ramp = { sampleRate: 1000, channels: [Float32Array.from({ length: 3000 }, (_, i) => i)] };
    const placed = placeAudio(ramp, { offset: -1, fadeIn: 0, fadeOut: 0 }, 1)[0]!;
    expect(placed[0]).toBe(1000);
    expect(placed[999]).toBe(1999);
    expect(gainAt(2.5, { offset: -1, fadeIn: 0, fadeOut: 0 }, 3, 4)).toBe(0);
  });
});

describe('following the sound', () => {
  const clicks = clickTrack(4, 0.5, 0.25);
  const envelope = envelopeOf(clicks, RATE);
  const timing = { clipSeconds: 4, trainingFps: 25, startT: 0, soundOffset: 0 };

  it('is fastest on the clicks and slowest between them', () => {
    const keys = followSoundKeyframes(envelope, FOLLOW_DEFAULTS, timing);
    const speeds = keys.slice(1).map((k, i) => ({
      mid: (k.at + keys[i]!.at) / 2,
      speed: (k.t - keys[i]!.t) / (k.at - keys[i]!.at),
    }));
    const phase = (s: number) => (((s - 0.25) % 0.5) + 0.5) % 0.5;
    const fastest = speeds.reduce((a, b) => (b.speed > a.speed ? b : a));
    const slowest = speeds.reduce((a, b) => (b.speed < a.speed ? b : a));
    expect(phase(fastest.mid)).toBeLessThan(0.1);
    expect(phase(slowest.mid)).toBeGreaterThan(0.2);
    expect(fastest.speed).toBeGreaterThan(2 * 25 * FOLLOW_DEFAULTS.base);
    expect(slowest.speed).toBeCloseTo(25 * FOLLOW_DEFAULTS.base, 0);
  });

  it('keeps its keyframes close to the exact curve with few of them', () => {
    const keys = followSoundKeyframes(envelope, FOLLOW_DEFAULTS, timing);
    expect(keys[0]).toEqual({ at: 0, t: 0 });
    expect(keys[keys.length - 1]!.at).toBe(4);
    expect(keys.length).toBeLessThan(400 / 2);
    for (let i = 1; i < keys.length; i++) expect(keys[i]!.at).toBeGreaterThan(keys[i - 1]!.at);
    const speed = followSpeed(envelope, FOLLOW_DEFAULTS, timing);
    let exact = 0;
    const step = 0.001;
    for (let tau = 0; tau < 4; tau += step) exact += 25 * speed(tau + step / 2) * step;
    expect(Math.abs(keys[keys.length - 1]!.t - exact)).toBeLessThan(0.5);
  });

  it('finds each click as an onset and pulses on it', () => {
    const onsets = onsetTimes(envelope, PULSE_DEFAULTS.threshold, 0, 4);
    expect(onsets).toHaveLength(8);
    for (const [k, at] of onsets.entries()) expect(Math.abs(at - (0.25 + 0.5 * k))).toBeLessThan(0.02);
    const keys = pulseKeyframes(onsets, PULSE_DEFAULTS, 4);
    for (let i = 1; i < keys.length; i++) expect(keys[i]!.at).toBeGreaterThan(keys[i - 1]!.at);
    expect(keys.filter((k) => k.value === PULSE_DEFAULTS.peak)).toHaveLength(8);
  });

  it('a silent sound gives the base speed throughout', () => {
    const keys = followSoundKeyframes(envelopeOf(new Float32Array(RATE), RATE), FOLLOW_DEFAULTS, {
      ...timing,
      clipSeconds: 1,
    });
    expect(keys).toHaveLength(2);
    expect(keys[1]!.t).toBeCloseTo(25 * FOLLOW_DEFAULTS.base, 6);
  });
});

describe('waveform peaks', () => {
  it('are the largest absolute sample per bucket, shifted and faded in the clip', () => {
    const audio = {
      sampleRate: 1000,
      channels: [Float32Array.from({ length: 2000 }, (_, i) => (i === 1234 ? -0.9 : 0.1))],
    };
    const peaks = soundPeaks(audio, 100);
    expect(peaks).toHaveLength(200);
    expect(peaks[123]).toBeCloseTo(0.9, 6);
    expect(peaks[50]).toBeCloseTo(0.1, 6);
    const clip = clipPeaks(peaks, { offset: 1, fadeIn: 0, fadeOut: 0 }, 4, 100);
    expect(clip).toHaveLength(400);
    expect(clip[50]).toBe(0);
    expect(clip[223]).toBeCloseTo(0.9, 6);
    expect(clip[350]).toBe(0);
    const faded = clipPeaks(peaks, { offset: 0, fadeIn: 1, fadeOut: 0 }, 2, 100);
    expect(faded[50]).toBeCloseTo(0.05, 6);
  });
});
