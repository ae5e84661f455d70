import { useState } from 'react';
import { FOLLOW_DEFAULTS, PULSE_DEFAULTS } from '../../audio';
import { useLimits } from '../hooks/use-limits';
import { NumberField } from '../panels/NumberField';
import { useStudio } from '../state/store';
import { NUM_DIRECTIONS } from '../state/video-state';
import { followTheSound, pulseOnOnsets } from './follow-actions';

/**
 * "Follow the sound": a Time track whose speed is base + gain × the sound's envelope (loudness and onsets,
 * smoothed), and a direction pulsing on the onsets. The settings are this panel's; the keyframes it makes
 * are ordinary ones.
 */
export function FollowSound() {
  const limits = useLimits();
  const notify = useStudio((s) => s.notify);
  const [base, setBase] = useState(FOLLOW_DEFAULTS.base);
  const [gain, setGain] = useState(FOLLOW_DEFAULTS.gain);
  const [onsets, setOnsets] = useState(FOLLOW_DEFAULTS.onsetWeight);
  const [release, setRelease] = useState(FOLLOW_DEFAULTS.releaseSeconds);
  const [direction, setDirection] = useState(0);
  const [peak, setPeak] = useState(PULSE_DEFAULTS.peak);
  const follow = () => {
    const made = followTheSound({ base, gain, onsetWeight: onsets, releaseSeconds: release });
    if (made !== null)
      notify(`Time track: ${made} keyframes following the sound (speed ${base}× + ${gain}× its envelope)`);
  };
  const pulse = () => {
    const count = pulseOnOnsets(direction, peak);
    if (count !== null) notify(`Direction ${direction + 1}: ${count} pulses of ${peak}σ on the sound's onsets`);
  };
  return (
    <fieldset className="follow-sound">
      <legend>Follow the sound</legend>
      <NumberField
        caption="Base speed (×)"
        name="followBase"
        label="Base speed"
        value={base}
        limits={limits}
        onCommit={setBase}
      />
      <NumberField caption="Gain (×)" name="followGain" label="Gain" value={gain} limits={limits} onCommit={setGain} />
      <NumberField
        caption="Onsets (0–1)"
        name="followOnsets"
        label="Onsets"
        value={onsets}
        limits={limits}
        onCommit={setOnsets}
      />
      <NumberField
        caption="Smoothing (s)"
        name="followRelease"
        label="Smoothing"
        value={release}
        limits={limits}
        onCommit={setRelease}
      />
      <button type="button" onClick={follow} title="Rebuild the Time track from the sound (one undo step)">
        Follow the sound
      </button>
      <label className="field">
        <span>Direction to pulse</span>
        <select
          aria-label="Direction to pulse"
          value={direction}
          onChange={(e) => setDirection(Number(e.target.value))}
        >
          {Array.from({ length: NUM_DIRECTIONS }, (_, i) => (
            <option key={i} value={i}>
              Direction {i + 1}
            </option>
          ))}
        </select>
      </label>
      <NumberField
        caption="Pulse strength (σ)"
        name="edit"
        label="Pulse strength"
        value={peak}
        limits={limits}
        onCommit={setPeak}
      />
      <button
        type="button"
        onClick={pulse}
        title="Rebuild the direction's track: a pulse on each onset (one undo step)"
      >
        Pulse on onsets
      </button>
    </fieldset>
  );
}
