/**
 * The clip's sound as the studio's state holds it: which file (name, length, SHA-256: a project references
 * it so), what it is, and where it sits in the clip (the audio package's placement). The samples themselves
 * are the sound service's; the state only says which sound they must be.
 */
export interface SoundRef {
  name: string;
  sha256: string;
  duration: number;
  /** What the file holds, known once it is read (a project names its sound without them). */
  sampleRate?: number;
  channels?: number;
  /** How the file is coded: "MP3 in MP3", "AAC in MP4", ... */
  format?: string;
  offset: number;
  fadeIn: number;
  fadeOut: number;
}

export const placementOf = (sound: SoundRef) => ({
  offset: sound.offset,
  fadeIn: sound.fadeIn,
  fadeOut: sound.fadeOut,
});
