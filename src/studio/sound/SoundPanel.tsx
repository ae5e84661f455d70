import { useRef } from 'react';
import { SOUND_EXTENSIONS } from '../../audio';
import { formatDuration } from '../../export';
import { useLimits } from '../hooks/use-limits';
import { NumberField } from '../panels/NumberField';
import { ProgressBar } from '../panels/ProgressBar';
import { useStudio } from '../state/store';
import { unitLabel } from '../state/time-format';
import { FollowSound } from './FollowSound';
import { removeSound, setSoundPlacement, setSoundScrub } from './sound-actions';
import { addSoundFile, loadedSound, missingSound } from './sound-service';
import './sound.css';

const ACCEPT = ['audio/*', ...SOUND_EXTENSIONS].join(',');

const commitOffset = (offset: number) => setSoundPlacement({ offset });
const commitFadeIn = (fadeIn: number) => setSoundPlacement({ fadeIn });
const commitFadeOut = (fadeOut: number) => setSoundPlacement({ fadeOut });

/** "Sound": the clip's sound file, where it starts, its fades, and whether scrubbing is audible. */
export function SoundPanel() {
  const sound = useStudio((s) => s.sound);
  const status = useStudio((s) => s.soundStatus);
  const scrub = useStudio((s) => s.soundScrub);
  const unit = useStudio((s) => s.timeUnit);
  const limits = useLimits();
  const input = useRef<HTMLInputElement>(null);
  const missing = sound !== null && loadedSound(sound) === null;
  const choose = (files: FileList | null) => {
    const file = files?.[0];
    if (file) void addSoundFile(file, missingSound());
  };
  return (
    <section className="panel sound-panel" aria-labelledby="sound-heading">
      <h2 id="sound-heading">Sound</h2>
      <div className="sound-file">
        <button type="button" disabled={status.phase === 'busy'} onClick={() => input.current?.click()}>
          {missing ? 'Choose the sound file' : sound ? 'Replace audio' : 'Add audio'}
        </button>
        <input
          ref={input}
          hidden
          type="file"
          accept={ACCEPT}
          aria-label="Sound file"
          disabled={status.phase === 'busy'}
          onChange={(e) => {
            choose(e.target.files);
            e.target.value = '';
          }}
        />
        {sound && (
          <button type="button" onClick={removeSound}>
            Remove audio
          </button>
        )}
      </div>
      {sound?.sampleRate !== undefined && (
        <p className="sound-name" data-testid="sound-info">
          <span className="name">{sound.name}</span>{' '}
          <span className="facts">
            {formatDuration(sound.duration)} · {(sound.sampleRate / 1000).toFixed(1)} kHz ·{' '}
            {sound.channels === 1 ? 'mono' : sound.channels === 2 ? 'stereo' : `${sound.channels} channels`} ·{' '}
            {sound.format}
          </span>
        </p>
      )}
      {missing && (
        <p className="hint" role="status">
          This clip's sound is not loaded in this page: choose {JSON.stringify(sound.name)} (
          {formatDuration(sound.duration)}) to hear and export it.
        </p>
      )}
      <ProgressBar progress={status} label="Reading the sound" />
      {sound && (
        <div className="sound-placement">
          <NumberField
            caption={`Starts at (${unitLabel(unit)})`}
            name="soundOffset"
            label="Sound starts at"
            value={sound.offset}
            limits={limits}
            timeUnit={unit}
            onCommit={commitOffset}
          />
          <NumberField
            caption={`Fade in (${unitLabel(unit)})`}
            name="soundFade"
            label="Fade in"
            value={sound.fadeIn}
            limits={limits}
            timeUnit={unit}
            onCommit={commitFadeIn}
          />
          <NumberField
            caption={`Fade out (${unitLabel(unit)})`}
            name="soundFade"
            label="Fade out"
            value={sound.fadeOut}
            limits={limits}
            timeUnit={unit}
            onCommit={commitFadeOut}
          />
          <label className="check">
            <input type="checkbox" checked={scrub} onChange={(e) => setSoundScrub(e.target.checked)} /> Audible
            scrubbing
          </label>
        </div>
      )}
      {sound && !missing && <FollowSound />}
    </section>
  );
}
