/**
 * Plays the clip's sound with Web Audio in step with the playhead: started at a clip time and a rate (clip
 * seconds per second; slow motion plays it slower and lower, as a tape would), placed by the audio package's
 * rule (offset, fades, the clip's end) through scheduling and gain automation, so nothing is copied. Played
 * backwards or frozen it is silent. `scrub` plays a short grain at a clip time.
 */
import { type AudioPlacement, audibleSpan, gainAt } from '../../audio';

export interface PlacedBuffer {
  buffer: AudioBuffer;
  placement: AudioPlacement;
  clipSeconds: number;
}

const SCRUB_SECONDS = 0.08;

export class SoundPlayer {
  private sound: PlacedBuffer | null = null;
  private playing: { node: AudioBufferSourceNode; gain: GainNode } | null = null;
  private anchor: { contextTime: number; clipTime: number; rate: number } | null = null;

  constructor(private readonly context: BaseAudioContext) {}

  setSound(sound: PlacedBuffer | null): void {
    this.stop();
    this.sound = sound;
  }

  /** The clip time the sound is at now (null when stopped). */
  clipTimeNow(): number | null {
    const a = this.anchor;
    return a ? a.clipTime + (this.context.currentTime - a.contextTime) * a.rate : null;
  }

  /** Plays from clip time `clipTime` at `rate` clip seconds per second, `delay` seconds from now. */
  play(clipTime: number, rate: number, delay = 0): void {
    this.stop();
    const start = this.context.currentTime + delay;
    this.anchor = { contextTime: start, clipTime, rate };
    if (!this.sound || !(rate > 0)) return;
    this.schedule(this.sound, clipTime, rate, start, Number.POSITIVE_INFINITY);
  }

  /** A short grain of the sound at clip time `clipTime` (audible scrubbing). */
  scrub(clipTime: number): void {
    this.stop();
    if (this.sound) this.schedule(this.sound, clipTime, 1, this.context.currentTime, SCRUB_SECONDS);
  }

  stop(): void {
    this.anchor = null;
    if (!this.playing) return;
    try {
      this.playing.node.stop();
    } catch {
      // never started: nothing to stop
    }
    this.playing.node.disconnect();
    this.playing.gain.disconnect();
    this.playing = null;
  }

  private schedule(sound: PlacedBuffer, clipTime: number, rate: number, start: number, maxSeconds: number) {
    const { buffer, placement, clipSeconds } = sound;
    const { from, to } = audibleSpan(placement, buffer.duration, clipSeconds);
    const first = Math.max(clipTime, from);
    const last = Math.min(to, clipTime + maxSeconds * rate);
    if (first >= last) return;
    const wallAt = (tau: number) => start + (tau - clipTime) / rate;
    const node = this.context.createBufferSource();
    node.buffer = buffer;
    node.playbackRate.value = rate;
    const gain = this.context.createGain();
    const level = (tau: number) => gainAt(Math.min(tau, last - 1e-9), placement, buffer.duration, clipSeconds);
    gain.gain.setValueAtTime(level(first), wallAt(first));
    // The fades' corners; between them the gain is linear in clip time, so linear ramps give it exactly.
    const { fadeIn, fadeOut } = placement;
    const crossing = fadeIn > 0 && fadeOut > 0 ? (from * fadeOut + to * fadeIn) / (fadeIn + fadeOut) : last;
    const corners = [from + fadeIn, to - fadeOut, crossing, last].filter((c) => c > first && c <= last);
    for (const corner of [...new Set(corners)].sort((a, b) => a - b)) {
      gain.gain.linearRampToValueAtTime(level(corner), wallAt(corner));
    }
    node.connect(gain).connect(this.context.destination);
    node.start(wallAt(first), first - placement.offset, last - first);
    this.playing = { node, gain };
  }
}
