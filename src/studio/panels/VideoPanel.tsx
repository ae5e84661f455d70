import { type SeedName, setClass, setContentWs, setPsi, setSeed } from '../state/actions';
import { beginGesture } from '../state/history';
import { useStudio } from '../state/store';
import { limitsOf, VALUES } from '../state/values';
import { NumberField } from './NumberField';

/** Any seed the engine takes (0..2^32-1), each as likely. */
export const randomSeed = () =>
  Math.floor(Math.random() * (VALUES.contentSeed.max(limitsOf(useStudio.getState())) + 1));

function SeedInput({ which }: { which: SeedName }) {
  const s = useStudio();
  const value = s[which];
  const limits = limitsOf(s);
  const label = VALUES[which].label;
  return (
    <div className="field seed">
      <NumberField
        caption={label}
        name={which}
        label={label}
        value={value}
        limits={limits}
        onCommit={(v) => setSeed(which, v)}
      />
      <button
        type="button"
        aria-label={`Random ${label.toLowerCase()}`}
        title="Random"
        onClick={() => setSeed(which, randomSeed())}
      >
        ⚄
      </button>
    </div>
  );
}

export function VideoPanel() {
  const s = useStudio();
  const classes = s.model?.cDim ?? 0;
  return (
    <section className="panel" aria-labelledby="video-heading">
      <h2 id="video-heading">Video</h2>
      {s.contentWs !== null && (
        <p className="content-source" data-testid="content-source">
          <span>Content: your projected picture</span>
          <button type="button" onClick={() => setContentWs(null)}>
            Use content seed
          </button>
        </p>
      )}
      <SeedInput which="contentSeed" />
      <SeedInput which="motionSeed" />
      {classes > 0 && (
        <label className="field">
          <span>Class</span>
          <select aria-label="Class" value={s.classIndex} onChange={(e) => setClass(Number(e.target.value))}>
            {Array.from({ length: classes }, (_, i) => (
              <option key={i} value={i}>
                Class {i}
              </option>
            ))}
          </select>
        </label>
      )}
      <label className="field slider">
        <span>
          Truncation <output>{VALUES.psi.display(s.psi, limitsOf(s))}</output>
        </span>
        <input
          type="range"
          aria-label="Truncation"
          min={VALUES.psi.min(limitsOf(s))}
          max={VALUES.psi.max(limitsOf(s))}
          step={VALUES.psi.step}
          value={s.psi}
          onPointerDown={beginGesture}
          onChange={(e) => setPsi(Number(e.target.value))}
        />
      </label>
      {classes > 0 && <p className="hint">Truncates towards the average w of the chosen class.</p>}
    </section>
  );
}
