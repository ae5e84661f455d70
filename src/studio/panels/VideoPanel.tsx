import { useStudio } from '../state/store';

const randomSeed = () => Math.floor(Math.random() * 100_000);

function SeedInput({ label, value, onChange }: { label: string; value: number; onChange: (seed: number) => void }) {
  return (
    <div className="field seed">
      <label>
        <span>{label}</span>
        <input
          type="number"
          aria-label={label}
          min={0}
          step={1}
          value={value}
          onChange={(e) => {
            const seed = Number(e.target.value);
            if (Number.isInteger(seed) && seed >= 0) onChange(seed);
          }}
        />
      </label>
      <button
        type="button"
        aria-label={`Random ${label.toLowerCase()}`}
        title="Random"
        onClick={() => onChange(randomSeed())}
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
          <button type="button" onClick={() => s.update({ contentWs: null })}>
            Use content seed
          </button>
        </p>
      )}
      <SeedInput
        label="Content seed"
        value={s.contentSeed}
        onChange={(contentSeed) => s.update({ contentSeed, contentWs: null })}
      />
      <SeedInput label="Motion seed" value={s.motionSeed} onChange={(motionSeed) => s.update({ motionSeed })} />
      {classes > 0 && (
        <label className="field">
          <span>Class</span>
          <select
            aria-label="Class"
            value={s.classIndex}
            onChange={(e) => s.update({ classIndex: Number(e.target.value) })}
          >
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
          Truncation <output>{s.psi.toFixed(2)}</output>
        </span>
        <input
          type="range"
          aria-label="Truncation"
          min={0}
          max={1.5}
          step={0.01}
          value={s.psi}
          onChange={(e) => s.update({ psi: Number(e.target.value) })}
        />
      </label>
      {classes > 0 && <p className="hint">Truncates towards the average w of the chosen class.</p>}
    </section>
  );
}
