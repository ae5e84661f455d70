import { type DragEvent, useEffect, useMemo, useState } from 'react';
import type { DecodedImage } from '../../image-input';
import type { LatentSpace } from '../../latent';
import { userMessage } from '../../util';
import { useStudio } from '../state/store';
import { CENTRE_CROP, type CropControls } from './crop-controls';
import { formatTimeLeft, ImageCanvas } from './ProjectionView';
import { decodePicture, PICTURE_TYPES, preparePicture, targetImageData } from './picture';
import { SavedPictures } from './SavedPictures';
import { useProjection } from './use-projection';
import './animate.css';

/** Small enough to be usable on a 2-core CPU (the official projector runs 1000). */
const DEFAULT_STEPS = 200;
/** Motion seeds "Find the best motion" tries (the official script tries 128; each costs one frame). */
const MOTION_CANDIDATES = 8;

function Slider(props: { label: string; value: number; min: number; onChange: (v: number) => void }) {
  return (
    <label className="field slider">
      <span>{props.label}</span>
      <input
        type="range"
        aria-label={props.label}
        min={props.min}
        max={1}
        step={0.01}
        value={props.value}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </label>
  );
}

/**
 * "Animate a picture": choose or drop a picture, adjust its square crop, project it into the model in the
 * render worker (live reconstruction, PSNR, time left; Keep or Cancel), then play, edit and export it.
 */
export function AnimatePanel() {
  const model = useStudio((s) => s.model);
  const [open, setOpen] = useState(false);
  const [picture, setPicture] = useState<{ name: string; image: DecodedImage } | null>(null);
  const [crop, setCrop] = useState<CropControls>(CENTRE_CROP);
  const [pictureError, setPictureError] = useState<string | null>(null);
  const [steps, setSteps] = useState(String(DEFAULT_STEPS));
  const [space, setSpace] = useState<LatentSpace>('w+');
  const [searchMotion, setSearchMotion] = useState(false);
  const [savedVersion, setSavedVersion] = useState(0);
  const projection = useProjection();
  const { phase } = projection;
  const running = phase.kind === 'running';

  const prepared = useMemo(() => {
    if (!picture || !model) return null;
    try {
      return preparePicture(picture.name, picture.image, crop, model.resolution);
    } catch (error) {
      return { error: userMessage(error) };
    }
  }, [picture, crop, model]);
  const target = prepared && 'target' in prepared ? prepared : null;
  const targetImage = useMemo(() => (target ? targetImageData(target.target) : null), [target]);
  const stepCount = Number(steps);
  const stepsValid = Number.isInteger(stepCount) && stepCount >= 1 && stepCount <= 5000;

  useEffect(() => {
    if (phase.kind === 'done') setSavedVersion((v) => v + 1);
  }, [phase]);

  const choose = async (file: File | undefined) => {
    if (!file || running) return;
    setPictureError(null);
    try {
      const image = await decodePicture(file);
      setPicture({ name: file.name, image }); // a bad file leaves the previous picture as it was
      setCrop(CENTRE_CROP);
      projection.reset();
    } catch (error) {
      setPictureError(userMessage(error));
    }
  };
  const drop = (event: DragEvent) => {
    event.preventDefault();
    void choose(event.dataTransfer.files[0]);
  };

  const status = phase.kind === 'running' ? phase.status : null;
  return (
    <section
      className="panel animate-panel"
      aria-labelledby="animate-heading"
      onDragOver={(e) => e.preventDefault()}
      onDrop={drop}
    >
      <h2 id="animate-heading">Your picture</h2>
      <button type="button" className="primary" aria-expanded={open} disabled={!model} onClick={() => setOpen(!open)}>
        Animate a picture
      </button>
      {open && (
        <div className="animate-form">
          <label className="field drop-zone">
            <span>Picture (PNG, JPEG, WebP; or drop it here)</span>
            <input
              type="file"
              aria-label="Picture file"
              accept={PICTURE_TYPES}
              disabled={running}
              onChange={(e) => {
                void choose(e.target.files?.[0]);
                e.target.value = '';
              }}
            />
          </label>
          {pictureError && (
            <p role="alert" className="error" data-testid="picture-error">
              {pictureError}
            </p>
          )}
          {prepared && 'error' in prepared && (
            <p role="alert" className="error">
              {prepared.error}
            </p>
          )}
          {picture && (
            <>
              <p className="hint">
                {picture.name}: {picture.image.width}×{picture.image.height}, square crop resized to {model?.resolution}
                ×{model?.resolution}
              </p>
              {target?.notes.map((note) => (
                <p key={note} className="hint">
                  {note}
                </p>
              ))}
              <Slider label="Crop size" value={crop.size} min={0.05} onChange={(size) => setCrop({ ...crop, size })} />
              <Slider label="Crop x" value={crop.x} min={0} onChange={(x) => setCrop({ ...crop, x })} />
              <Slider label="Crop y" value={crop.y} min={0} onChange={(y) => setCrop({ ...crop, y })} />
              <div className="picture-pair">
                <ImageCanvas image={targetImage} label="Target" />
                <ImageCanvas
                  image={running || phase.kind === 'done' ? projection.reconstruction : null}
                  label="Reconstruction"
                />
              </div>
              <div className="animate-options">
                <label className="field">
                  <span>Steps</span>
                  <input
                    type="number"
                    aria-label="Steps"
                    min={1}
                    max={5000}
                    value={steps}
                    disabled={running}
                    onChange={(e) => setSteps(e.target.value)}
                  />
                </label>
                <label className="field">
                  <span>Latent space</span>
                  <select
                    aria-label="Latent space"
                    value={space}
                    disabled={running}
                    onChange={(e) => setSpace(e.target.value as LatentSpace)}
                  >
                    <option value="w+">w+ (one w per layer)</option>
                    <option value="w">w (one w for all layers)</option>
                  </select>
                </label>
              </div>
              <label className="field check">
                <input
                  type="checkbox"
                  aria-label="Find the best motion"
                  checked={searchMotion}
                  disabled={running}
                  onChange={(e) => setSearchMotion(e.target.checked)}
                />{' '}
                Find the best motion ({MOTION_CANDIDATES} seeds from the current one)
              </label>
              {running ? (
                <div className="animate-running">
                  <progress aria-label="Projection progress" max={1} value={status ? status.step / status.steps : 0} />
                  <p data-testid="projection-status" aria-live="polite">
                    {status
                      ? `Step ${status.step} / ${status.steps} · loss ${status.loss.toFixed(4)} · PSNR ${status.psnr.toFixed(1)} dB (best ${status.bestPsnr.toFixed(1)}) · ${formatTimeLeft(status.remainingMs)} left`
                      : 'Preparing (mapping samples for the starting point)…'}
                  </p>
                  <div className="export-buttons">
                    <button type="button" disabled={!status || phase.keeping} onClick={projection.keep}>
                      Keep
                    </button>
                    <button type="button" onClick={projection.cancel}>
                      Cancel
                    </button>
                  </div>
                </div>
              ) : (
                <button
                  type="button"
                  className="primary"
                  disabled={!target || !stepsValid}
                  onClick={() =>
                    target &&
                    void projection.start(target, {
                      steps: stepCount,
                      space,
                      motionSearch: searchMotion ? MOTION_CANDIDATES : 0,
                    })
                  }
                >
                  Project
                </button>
              )}
              {!stepsValid && <p className="error">Steps must be a whole number from 1 to 5000.</p>}
            </>
          )}
          {phase.kind === 'done' && (
            <p className="done" data-testid="projection-done">
              {phase.kept ? 'Kept' : 'Projected'} {phase.saved.name}: PSNR {phase.saved.psnr.toFixed(1)} dB (step{' '}
              {phase.saved.step} of {phase.saved.steps}, {phase.saved.space}, motion seed {phase.saved.motionSeed}); it
              is now the video's content.
            </p>
          )}
          {phase.kind === 'canceled' && <p className="hint">Projection canceled: nothing was kept.</p>}
          {phase.kind === 'error' && (
            <p role="alert" className="error">
              {phase.message}
            </p>
          )}
          <SavedPictures version={savedVersion} onChange={() => setSavedVersion((v) => v + 1)} />
        </div>
      )}
    </section>
  );
}
