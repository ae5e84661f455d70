/**
 * Keeps the sound with the playhead: while playing it plays from the playhead's clip time (position /
 * training fps) at the playback rate (speed × shuttle; silent backwards), and starts again wherever the
 * playhead jumps (a seek, the loop wrapping) once the two are more than SYNC_TOLERANCE apart. While paused a
 * seek plays a short grain when audible scrubbing is on. "Every frame" playback does not keep time, so it
 * plays no sound.
 */
import { useEffect } from 'react';
import { useStudio } from '../state/store';
import { audioContext, loadedSound, soundPlayer } from './sound-service';

/** A seek puts the sound exactly at the playhead; in between they may differ by this (and one displayed frame). */
export const SYNC_TOLERANCE_SECONDS = 0.04;

export function useSoundSync(): void {
  useEffect(
    () =>
      useStudio.subscribe((s, previous) => {
        const sound = loadedSound(s.sound);
        const player = soundPlayer();
        const fps = s.model?.trainingFps ?? 25;
        const clipTime = s.t / fps;
        if (s.sound !== previous.sound) {
          player.setSound(
            sound && s.sound ? { buffer: sound.buffer, ...placement(s.sound), clipSeconds: s.clipSeconds } : null,
          );
        } else if (s.clipSeconds !== previous.clipSeconds && sound && s.sound) {
          player.setSound({ buffer: sound.buffer, ...placement(s.sound), clipSeconds: s.clipSeconds });
        }
        if (!sound) return;
        if (!s.playing || s.playEveryFrame) {
          if (previous.playing) player.stop();
          else if (s.t !== previous.t && s.soundScrub) {
            void audioContext().resume();
            player.scrub(clipTime);
          }
          return;
        }
        const rate = s.speed * (s.shuttle === 0 ? 1 : s.shuttle);
        const startOver =
          !previous.playing ||
          rate !== previous.speed * (previous.shuttle === 0 ? 1 : previous.shuttle) ||
          s.sound !== previous.sound;
        const now = player.clipTimeNow();
        // The playhead moves in displayed frames, so it trails the sound by up to one of them.
        const tolerance = SYNC_TOLERANCE_SECONDS + Math.abs(rate) / s.playbackFps;
        if (startOver || now === null || Math.abs(now - clipTime) > tolerance) {
          void audioContext().resume();
          player.play(clipTime, rate);
        }
      }),
    [],
  );
}

const placement = (sound: { offset: number; fadeIn: number; fadeOut: number }) => ({
  placement: { offset: sound.offset, fadeIn: sound.fadeIn, fadeOut: sound.fadeOut },
});
