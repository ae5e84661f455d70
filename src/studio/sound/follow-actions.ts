/**
 * "Follow the sound" in the studio: the Time track rebuilt from the sound's loudness and onsets, or a
 * direction's track pulsing on its onsets. The keyframes are ordinary ones (edit, drag, delete them after),
 * and each rebuild is one undo step.
 */
import {
  envelopeOf,
  type FollowOptions,
  followSoundKeyframes,
  onsetTimes,
  PULSE_DEFAULTS,
  pulseKeyframes,
} from '../../audio';
import { undoable } from '../state/history';
import { useStudio } from '../state/store';
import { directionTrack, withTrackKeys } from '../state/tracks';
import { limitsOf } from '../state/values';
import { loadedSound } from './sound-service';

const get = () => useStudio.getState();

/** The loaded sound's curves (null, with a notice, when the clip has no sound loaded). */
function envelope() {
  const s = get();
  const sound = loadedSound(s.sound);
  if (!s.sound || !sound) {
    s.notify('Add a sound first: "Follow the sound" reads its loudness and onsets');
    return null;
  }
  return { s, sound: s.sound, curves: envelopeOf(sound.audio.channels, sound.audio.sampleRate) };
}

/** Replaces the Time track with keyframes whose speed follows the sound: how many it made (null: no sound). */
export function followTheSound(options: Omit<FollowOptions, 'toleranceFrames'>): number | null {
  const found = envelope();
  if (!found) return null;
  const { s, sound, curves } = found;
  const keys = followSoundKeyframes(
    curves,
    { ...options, toleranceFrames: 0.2 },
    { clipSeconds: s.clipSeconds, trainingFps: limitsOf(s).trainingFps, startT: 0, soundOffset: sound.offset },
  );
  undoable(() => get().update({ tracks: withTrackKeys(get().tracks, 'time', keys), activeTrack: 'time' }));
  return keys.length;
}

/** Replaces direction `index`'s track with pulses of `peak` σ on the sound's onsets: the pulses (null: no sound). */
export function pulseOnOnsets(index: number, peak: number): number | null {
  const found = envelope();
  if (!found) return null;
  const { s, sound, curves } = found;
  const onsets = onsetTimes(curves, PULSE_DEFAULTS.threshold, sound.offset, s.clipSeconds);
  const keys = pulseKeyframes(onsets, { ...PULSE_DEFAULTS, peak }, s.clipSeconds);
  const track = directionTrack(index);
  undoable(() => get().update({ tracks: withTrackKeys(get().tracks, track, keys), activeTrack: track }));
  return onsets.length;
}
