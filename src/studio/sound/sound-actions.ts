/** The sound's actions: each change to the clip's sound is one undo step, validated by the value table. */
import { undoable } from '../state/history';
import type { SoundRef } from '../state/sound-ref';
import { useStudio } from '../state/store';
import { clampTo, limitsOf, VALUES } from '../state/values';

const get = () => useStudio.getState();

export function removeSound(): void {
  if (get().sound) undoable(() => get().update({ sound: null, soundStatus: { phase: 'idle' } }));
}

/** Moves the sound in the clip or changes its fades (values clamped to the table's ranges). */
export function setSoundPlacement(patch: Partial<Pick<SoundRef, 'offset' | 'fadeIn' | 'fadeOut'>>): void {
  const s = get();
  if (!s.sound) return;
  const l = limitsOf(s);
  const next: SoundRef = {
    ...s.sound,
    offset: patch.offset === undefined ? s.sound.offset : clampTo(VALUES.soundOffset, patch.offset, l),
    fadeIn: patch.fadeIn === undefined ? s.sound.fadeIn : clampTo(VALUES.soundFade, patch.fadeIn, l),
    fadeOut: patch.fadeOut === undefined ? s.sound.fadeOut : clampTo(VALUES.soundFade, patch.fadeOut, l),
  };
  if (next.offset !== s.sound.offset || next.fadeIn !== s.sound.fadeIn || next.fadeOut !== s.sound.fadeOut)
    undoable(() => get().update({ sound: next }));
}

export function setSoundScrub(on: boolean): void {
  get().update({ soundScrub: on });
}
