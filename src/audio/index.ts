// The audio package's public door: reading, checking and decoding a sound, placing it in a clip, and the
// curves and keyframes "Follow the sound" makes of it.
export { type AudioFile, type AudioInfo, type OpenedAudio, openAudio } from './audio-info';
export { type DecodedAudio, type DecodeOptions, decodeAudio } from './decode';
export { type Envelope, envelopeOf } from './envelope';
export { AudioInputError, type AudioInputErrorKind } from './errors';
export {
  type ClipTiming,
  FOLLOW_DEFAULTS,
  type FollowOptions,
  followSoundKeyframes,
  followSpeed,
  onsetTimes,
  PULSE_DEFAULTS,
  type PulseOptions,
  pulseKeyframes,
  type TimeKeyframe,
  type ValueKeyframe,
} from './follow-sound';
export {
  isSoundFileName,
  MAX_AUDIO_SECONDS,
  MAX_CHANNELS,
  MAX_SAMPLE_RATE,
  MIN_SAMPLE_RATE,
  SOUND_EXTENSIONS,
} from './limits';
export { clipPeaks, PEAKS_PER_SECOND, soundPeaks } from './peaks';
export {
  type AudioPlacement,
  audibleSpan,
  gainAt,
  NO_PLACEMENT,
  placeAudio,
  placedSound,
  placeRange,
} from './placement';
export { audioFromBlob, audioFromBytes } from './sources';
export { encodeWav } from './wav';
