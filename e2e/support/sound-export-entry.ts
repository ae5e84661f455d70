/**
 * Bundled by e2e/sound-export.test.ts into a page: a clip with sound through the export's encodeClip, in
 * memory, with the browser's own encoders (Debian's Chromium: H.264 and Opus).
 */
import { BufferTarget } from 'mediabunny';
import { placeAudio, placedSound } from '../../src/audio';
import { chooseEncoding, chooseSoundCodec, encodeClip, planFrames } from '../../src/export';

export interface SoundExport {
  codec: string | null;
  bytes: number[];
  expected: number[];
}

/** A chord that changes every half second. */
function music(seconds: number, rate: number): Float32Array {
  return Float32Array.from({ length: Math.round(seconds * rate) }, (_, i) => {
    const t = i / rate;
    const f = 220 * 2 ** ((Math.floor(t * 2) % 5) / 12);
    return 0.3 * Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * 1.5 * f * t);
  });
}

export async function exportWithSound(rate: number, fps: number, count: number): Promise<SoundExport> {
  const size = 32;
  const encoding = await chooseEncoding({ width: size, height: size, fps, bitrate: 500_000 });
  const placement = { offset: 0.25, fadeIn: 0.5, fadeOut: 0.5 };
  const clipSeconds = count / fps;
  const song = music(clipSeconds + 1, rate);
  const audio = { sampleRate: rate, channels: [song, song] };
  const placed = placeAudio(audio, placement, clipSeconds);
  const codec = await chooseSoundCodec(encoding.container, rate, 2);
  if (!codec) return { codec: null, bytes: [], expected: [] };
  const buffer = new BufferTarget();
  const target = {
    kind: 'download' as const,
    fileName: 'clip.mp4',
    target: buffer,
    commit: async () => {},
    discard: async () => {},
  };
  const source = {
    width: size,
    height: size,
    render: async (times: readonly number[]) =>
      times.map((t) => new ImageData(new Uint8ClampedArray(size * size * 4).fill(Math.round(t * 7) % 255), size, size)),
    dispose: () => {},
  };
  const plan = planFrames({ start: 0, durationSeconds: clipSeconds, fps, trainingFps: 25 });
  await encodeClip({
    source,
    plan,
    encoding,
    target,
    sound: {
      sound: placedSound(audio, placement, clipSeconds),
      codec,
    },
  });
  return { codec: codec.label, bytes: Array.from(new Uint8Array(buffer.buffer!)), expected: Array.from(placed[0]!) };
}
