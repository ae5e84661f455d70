import { useMemo, useState } from 'react';
import type { LayerGroup, LayerRange } from '../../latent';
// The tf-free door: the page never loads tfjs (latent's index would bring it).
import { layerRangeLabel } from '../../latent/layer-groups';
import { rangeProblem } from '../state/actions';
import { useStudio } from '../state/store';
import type { Limits } from '../state/values';
import { NumberField } from './NumberField';

const GROUPS: LayerGroup[] = ['all', 'coarse', 'middle', 'fine'];

/**
 * A layer group, or an explicit ws range whose two fields commit like every number field; a range whose first
 * w comes after its last is refused with a message and not applied. Every choice says which ws it edits and
 * the resolutions of their layers ("coarse: ws 0–2 (4–8 px)").
 */
export function RangePicker({
  label,
  range,
  limits,
  onChange,
}: {
  label: string;
  range: LayerRange;
  limits: Limits;
  onChange: (r: LayerRange) => void;
}) {
  const [problem, setProblem] = useState<string | null>(null);
  const layerWIndices = useStudio((s) => s.model?.layerWIndices);
  const layers = useMemo(() => new Map(layerWIndices ?? []), [layerWIndices]);
  const describe = (r: LayerRange) => layerRangeLabel(r, layers, limits.numWs);
  const tryRange = (next: LayerRange) => {
    const why = rangeProblem(next, limits);
    setProblem(why ?? null);
    if (!why) onChange(next);
  };
  return (
    <span className="range-picker">
      <select
        aria-label={label}
        value={range.group}
        onChange={(e) => {
          setProblem(null);
          const group = e.target.value as LayerRange['group'];
          onChange(group === 'explicit' ? { group, first: 0, last: limits.numWs - 1 } : { group, first: 0, last: 0 });
        }}
      >
        {GROUPS.map((g) => (
          <option key={g} value={g}>
            {g}: {describe({ group: g, first: 0, last: 0 })}
          </option>
        ))}
        <option value="explicit">ws range</option>
      </select>
      {range.group === 'explicit' && (
        <>
          <span className="range-label" data-testid={`${label} edits`}>
            {describe(range)}
          </span>
          <NumberField
            name="wsIndex"
            label={`${label} first w`}
            value={range.first}
            limits={limits}
            onCommit={(first) => tryRange({ ...range, first })}
          />
          <NumberField
            name="wsIndex"
            label={`${label} last w`}
            value={range.last}
            limits={limits}
            onCommit={(last) => tryRange({ ...range, last })}
          />
          {problem && (
            <span className="field-problem" role="alert">
              {problem}
            </span>
          )}
        </>
      )}
    </span>
  );
}
