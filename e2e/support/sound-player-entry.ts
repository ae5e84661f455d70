/**
 * Bundled by e2e/sound-player.test.ts into a page: the studio's SoundPlayer scheduled on an OfflineAudioContext
 * (Chromium's own Web Audio graph, rendered faster than real time), to compare what it plays with the clip's
 * sound at the same clip times.
 */
import { placeRange } from '../../src/audio';
import { SoundPlayer } from '../../src/studio/sound/sound-player';

export interface PlayerCheck {
  heard: number[];
  expected: number[];
}

const RATE = 48_000;

function chord(seconds: number): Float32Array<ArrayBuffer> {
  return Float32Array.from({ length: Math.round(seconds * RATE) }, (_, i) => {
    const t = i / RATE;
    const f = 220 * 2 ** ((Math.floor(t * 4) % 7) / 12);
    return 0.3 * Math.sin(2 * Math.PI * f * t) + 0.1 * Math.sin(2 * Math.PI * 3 * f * t);
  });
}

/** Plays the clip from `clipTime` for `seconds` (or scrubs there) and returns what came out beside the rule's samples. */
export async function playFrom(
  clipTime: number,
  seconds: number,
  placement: { offset: number; fadeIn: number; fadeOut: number },
  mode: 'play' | 'scrub',
): Promise<PlayerCheck> {
  const clipSeconds = 6;
  const song = chord(4);
  const context = new OfflineAudioContext(1, Math.round(seconds * RATE), RATE);
  const buffer = context.createBuffer(1, song.length, RATE);
  buffer.copyToChannel(song, 0);
  const player = new SoundPlayer(context);
  player.setSound({ buffer, placement, clipSeconds });
  if (mode === 'play') player.play(clipTime, 1);
  else player.scrub(clipTime);
  const rendered = await context.startRendering();
  const expected = placeRange(
    { sampleRate: RATE, channels: [song] },
    placement,
    clipSeconds,
    Math.round(clipTime * RATE),
    Math.round(seconds * RATE),
  )[0]!;
  return { heard: Array.from(rendered.getChannelData(0)), expected: Array.from(expected) };
}
