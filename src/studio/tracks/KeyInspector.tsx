import { EASES, type Ease } from '../../authoring';
import { useLimits } from '../hooks/use-limits';
import { NumberField } from '../panels/NumberField';
import { useStudio } from '../state/store';
import {
  deleteKeyframe,
  keyPosition,
  moveKeyframe,
  positionSeconds,
  setKeyframeEase,
  setKeyframeNumber,
} from '../state/track-actions';
import { directionOf, keyNumber, type TrackId, trackKeys, trackLabel } from '../state/tracks';
import type { ValueName } from '../state/values';

const EASE_NAMES: Record<Ease, string> = { linear: 'Linear', smooth: 'Smooth', hold: 'Hold' };

/** The table row a track's values are judged by (range, step, message). */
function valueRow(id: TrackId): { name: ValueName; label: string } {
  if (id === 'time') return { name: 'keyT', label: 'Generator time' };
  if (id === 'content') return { name: 'contentSeed', label: 'Keyframe seed' };
  if (id === 'psi') return { name: 'psi', label: 'Keyframe ψ' };
  return { name: 'edit', label: 'Strength (σ)' };
}

/** The selected keyframe: its time, what it holds, and the ease of the segment that ends at it. */
export function KeyInspector() {
  const limits = useLimits();
  const selected = useStudio((s) => s.selectedKey);
  const unit = useStudio((s) => s.timeUnit);
  const range = useStudio((s) => {
    const d = s.selectedKey ? directionOf(s.selectedKey.track) : null;
    return d === null ? null : s.editRanges[d];
  });
  const key = useStudio((s) =>
    s.selectedKey ? trackKeys(s.tracks, s.selectedKey.track).find((k) => k.at === s.selectedKey!.at) : undefined,
  );
  if (!selected || !key) {
    return (
      <p className="key-inspector hint">
        Add keyframes at the playhead with a row's +◆ (or A on the track picked); click one to edit it.
      </p>
    );
  }
  const id = selected.track;
  const at = key.at;
  const row = valueRow(id);
  const number = keyNumber(key);
  return (
    <fieldset className="key-inspector" aria-label="Keyframe">
      <legend>
        {trackLabel(id)} keyframe at {at.toFixed(2)} s
      </legend>
      <NumberField
        caption="At"
        name="keyAt"
        label="Keyframe time"
        value={keyPosition(at)}
        limits={limits}
        timeUnit={unit}
        onCommit={(position) => moveKeyframe(id, at, positionSeconds(position))}
      />
      {Number.isNaN(number) ? (
        <span className="key-picture">A saved picture</span>
      ) : (
        <NumberField
          caption={row.label}
          name={row.name}
          label={row.label}
          value={number}
          limits={limits}
          onCommit={(value) => setKeyframeNumber(id, at, value)}
        />
      )}
      <label>
        <span>Ease in</span>
        <select
          aria-label="Ease"
          value={key.ease ?? 'linear'}
          onChange={(e) => setKeyframeEase(id, at, e.target.value as Ease)}
        >
          {EASES.map((ease) => (
            <option key={ease} value={ease}>
              {EASE_NAMES[ease]}
            </option>
          ))}
        </select>
      </label>
      {range && (
        <span className="key-layers" title="The direction's layer range (set in the edit panel)">
          Layers: {range.group === 'explicit' ? `ws ${range.first}–${range.last}` : range.group}
        </span>
      )}
      <button type="button" onClick={() => deleteKeyframe(id, at)}>
        Delete keyframe
      </button>
    </fieldset>
  );
}
