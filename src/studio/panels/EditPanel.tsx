import type { LayerGroup, LayerRange } from '../../latent';
import { useStudio } from '../state/store';
import { ProgressBar } from './ProgressBar';

const GROUPS: LayerGroup[] = ['all', 'coarse', 'middle', 'fine'];

function RangePicker({
  label,
  range,
  numWs,
  onChange,
}: {
  label: string;
  range: LayerRange;
  numWs: number;
  onChange: (r: LayerRange) => void;
}) {
  return (
    <span className="range-picker">
      <select
        aria-label={label}
        value={range.group}
        onChange={(e) =>
          onChange({
            ...range,
            group: e.target.value as LayerRange['group'],
            last: range.group === 'explicit' ? range.last : numWs - 1,
          })
        }
      >
        {GROUPS.map((g) => (
          <option key={g} value={g}>
            {g}
          </option>
        ))}
        <option value="explicit">ws range</option>
      </select>
      {range.group === 'explicit' && (
        <>
          <input
            type="number"
            aria-label={`${label} first w`}
            min={0}
            max={numWs - 1}
            value={range.first}
            onChange={(e) => onChange({ ...range, first: Number(e.target.value) })}
          />
          <input
            type="number"
            aria-label={`${label} last w`}
            min={0}
            max={numWs - 1}
            value={range.last}
            onChange={(e) => onChange({ ...range, last: Number(e.target.value) })}
          />
        </>
      )}
    </span>
  );
}

export function EditPanel() {
  const s = useStudio();
  const numWs = s.model?.numWs ?? 1;
  const ready = s.directionSigmas.length > 0;
  const setEdit = (i: number, value: number) => s.update({ edits: s.edits.map((e, j) => (j === i ? value : e)) });
  const setRange = (i: number, range: LayerRange) =>
    s.update({ editRanges: s.editRanges.map((r, j) => (j === i ? range : r)) });
  return (
    <section className="panel edits" aria-labelledby="edit-heading">
      <h2 id="edit-heading">Edit content</h2>
      <p className="hint">
        Principal directions of w (PCA over 2,000 samples). Every edit carries through the whole video.
      </p>
      <ProgressBar progress={s.pcaProgress} label="Direction progress" />
      {s.edits.map((value, i) => (
        <div className="direction" key={i}>
          <label className="field slider">
            <span>
              Direction {i + 1} <output>{value.toFixed(1)}σ</output>
            </span>
            <input
              type="range"
              aria-label={`Direction ${i + 1}`}
              min={-5}
              max={5}
              step={0.1}
              value={value}
              disabled={!ready}
              onChange={(e) => setEdit(i, Number(e.target.value))}
            />
          </label>
          <RangePicker
            label={`Direction ${i + 1} layers`}
            range={s.editRanges[i]!}
            numWs={numWs}
            onChange={(r) => setRange(i, r)}
          />
        </div>
      ))}
      <div className="row">
        <button type="button" onClick={() => s.update({ edits: s.edits.map(() => 0) })}>
          Reset edits
        </button>
      </div>
      <h3>Style mixing</h3>
      <label className="field check">
        <input
          type="checkbox"
          aria-label="Style mixing"
          checked={s.mixSeed !== null}
          onChange={(e) => s.update({ mixSeed: e.target.checked ? s.contentSeed + 1 : null })}
        />{' '}
        Take layers from another content seed
      </label>
      {s.mixSeed !== null && (
        <div className="row">
          <label className="field">
            <span>Mix seed</span>
            <input
              type="number"
              aria-label="Mix seed"
              min={0}
              value={s.mixSeed}
              onChange={(e) => s.update({ mixSeed: Math.max(0, Math.floor(Number(e.target.value))) })}
            />
          </label>
          <RangePicker
            label="Mix layers"
            range={s.mixRange}
            numWs={numWs}
            onChange={(mixRange) => s.update({ mixRange })}
          />
        </div>
      )}
    </section>
  );
}
