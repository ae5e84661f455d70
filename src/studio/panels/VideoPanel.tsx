import { isClipContent } from '../animate/saved-videos';
import { useLimits } from '../hooks/use-limits';
import { type SeedName, setClass, setContentWs, setMotionZ, setPsi, setSeed } from '../state/actions';
import { beginGesture } from '../state/history';
import { useStudio } from '../state/store';
import { limitsOf, VALUES } from '../state/values';
import { NumberField } from './NumberField';

/** Any seed the engine takes (0..2^32-1), each as likely. */
export const randomSeed = () =>
  Math.floor(Math.random() * (VALUES.contentSeed.max(limitsOf(useStudio.getState())) + 1));

const commitSeed = {
  contentSeed: (v: number) => setSeed('contentSeed', v),
  motionSeed: (v: number) => setSeed('motionSeed', v),
};

function SeedInput({ which }: { which: SeedName }) {
  const value = useStudio((s) => s[which]);
  const limits = useLimits();
  const label = VALUES[which].label;
  return (
    <div className="field seed">
      <NumberField
        caption={label}
        name={which}
        label={label}
        value={value}
        limits={limits}
        onCommit={commitSeed[which]}
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
  const classes = useStudio((s) => s.model?.cDim ?? 0);
  const contentWs = useStudio((s) => s.contentWs);
  const motionZ = useStudio((s) => s.motionZ);
  const fittedMotion = motionZ !== null;
  const classIndex = useStudio((s) => s.classIndex);
  const psi = useStudio((s) => s.psi);
  const keyed = {
    content: useStudio((s) => s.tracks.content.length > 0),
    psi: useStudio((s) => s.tracks.psi.length > 0),
  };
  const limits = useLimits();
  return (
    <section className="panel" aria-labelledby="video-heading">
      <h2 id="video-heading">Video</h2>
      {contentWs !== null && (
        <p className="content-source" data-testid="content-source">
          <span>
            Content:{' '}
            {isClipContent(localStorage, contentWs, motionZ) ? 'fitted to your clip' : 'your projected picture'}
          </span>
          <button type="button" onClick={() => setContentWs(null)}>
            Use content seed
          </button>
        </p>
      )}
      <SeedInput which="contentSeed" />
      {(keyed.content || keyed.psi) && (
        <p className="hint" data-testid="keyed-values">
          The{' '}
          {keyed.content && keyed.psi
            ? 'Content and ψ tracks set'
            : keyed.content
              ? 'Content track sets'
              : 'ψ track sets'}{' '}
          the video: these fields are what new keyframes hold.
        </p>
      )}
      {fittedMotion && (
        <p className="content-source" data-testid="motion-source">
          <span>Motion: fitted to your clip (the motion seed continues it)</span>
          <button type="button" onClick={() => setMotionZ(null)}>
            Use motion seed
          </button>
        </p>
      )}
      <SeedInput which="motionSeed" />
      {classes > 0 && (
        <label className="field">
          <span>Class</span>
          <select aria-label="Class" value={classIndex} onChange={(e) => setClass(Number(e.target.value))}>
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
          Truncation <output aria-live="off">{VALUES.psi.display(psi, limits)}</output>
        </span>
        <input
          type="range"
          aria-label="Truncation"
          min={VALUES.psi.min(limits)}
          max={VALUES.psi.max(limits)}
          step={VALUES.psi.step}
          value={psi}
          onPointerDown={beginGesture}
          onChange={(e) => setPsi(Number(e.target.value))}
        />
      </label>
      {classes > 0 && <p className="hint">Truncates towards the average w of the chosen class.</p>}
    </section>
  );
}
