import { useMemo } from 'react';
import { userMessage } from '../../util';
import { isVideoFileName } from '../../video-input';
import { useLimits } from '../hooks/use-limits';
import { useStudio } from '../state/store';
import { CropEditor } from './CropEditor';
import { openVideoStage, useClip } from './clip-session';
import { cropFromControls, MIN_CROP_SIZE } from './crop-controls';
import { formatTimeLeft, ImageCanvas } from './ProjectionView';
import { PICTURE_TYPES, preparePicture, targetImageData } from './picture';
import {
  cancelProjection,
  choosePicture,
  keepProjection,
  savedPicturesChanged,
  setCrop,
  setProjectionSettings,
  startProjection,
  useAnimate,
} from './projection-session';
import { SavedPictures } from './SavedPictures';
import { CropHint, CropValues, FileChooser, KeepCancel, PlayInVideo, StageFrame, StepsAndSpace } from './StageParts';
import { VideoStage } from './VideoStage';
import { useVideoProjection } from './video-session';
import './animate.css';

/** Motion seeds "Find the best motion" tries (the official script tries 128; each costs one frame). */
const MOTION_CANDIDATES = 8;

function Slider(props: {
  label: string;
  value: number;
  min: number;
  disabled: boolean;
  onChange: (v: number) => void;
}) {
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
        disabled={props.disabled}
        onChange={(e) => props.onChange(Number(e.target.value))}
      />
    </label>
  );
}

/**
 * "Animate a picture" (or, chosen in its header, "Animate a video": VideoStage) in the stage: choose or drop a picture, drag its square crop over it, project it into
 * the model in the render worker (target and live reconstruction side by side, PSNR, time left; Keep or
 * Cancel), then go back to the video, which now plays the picture.
 */
export function AnimateStage() {
  return useClip((s) => s.kind) === 'video' ? <VideoStage /> : <PictureStage />;
}

function PictureStage() {
  const model = useStudio((s) => s.model);
  const limits = useLimits();
  const { picture, crop, pictureError, steps, space, searchMotion, phase, reconstruction, savedVersion } = useAnimate();
  const running = phase.kind === 'running';
  const videoRunning = useVideoProjection((v) => v.phase.kind === 'running');

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
  const rect = picture ? cropFromControls(picture.image.width, picture.image.height, crop) : null;
  const drop = (file: File | undefined) => {
    if (file && isVideoFileName(file.name)) openVideoStage(file);
    else void choosePicture(file);
  };
  const status = phase.kind === 'running' ? phase.status : null;

  return (
    <StageFrame
      kind="picture"
      title="Animate a picture"
      headingId="animate-stage-heading"
      choiceDisabled={running || videoRunning}
      onDropFile={drop}
    >
      <FileChooser
        label="Picture file"
        accept={PICTURE_TYPES}
        caption="Choose a picture…"
        disabled={running}
        onFile={(file) => void choosePicture(file)}
        testId="picture-name"
      >
        {picture
          ? `${picture.name}: ${picture.image.width}×${picture.image.height}, square crop resized to ${model?.resolution}×${model?.resolution}`
          : 'No picture yet: choose a PNG, JPEG or WebP, or drop one here.'}
      </FileChooser>
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
      {target?.notes.map((note) => (
        <p key={note} className="hint">
          {note}
        </p>
      ))}
      <div className="animate-images">
        <figure className="picture-figure crop-figure">
          {picture ? (
            <CropEditor image={picture.image} crop={crop} disabled={running} onChange={setCrop} />
          ) : (
            <div className="crop-empty">Drop a picture here</div>
          )}
          <figcaption>Picture and crop</figcaption>
        </figure>
        <ImageCanvas image={targetImage} label="Target" />
        <ImageCanvas image={running || phase.kind === 'done' ? reconstruction : null} label="Reconstruction" />
      </div>
      <div className="animate-controls">
        <div className="animate-crop">
          <CropValues rect={rect} none="Crop: no picture" />
          <Slider
            label="Crop size"
            value={crop.size}
            min={MIN_CROP_SIZE}
            disabled={!picture || running}
            onChange={(size) => setCrop({ ...crop, size })}
          />
          <Slider
            label="Crop x"
            value={crop.x}
            min={0}
            disabled={!picture || running}
            onChange={(x) => setCrop({ ...crop, x })}
          />
          <Slider
            label="Crop y"
            value={crop.y}
            min={0}
            disabled={!picture || running}
            onChange={(y) => setCrop({ ...crop, y })}
          />
          <CropHint />
        </div>
        <div className="animate-run">
          <StepsAndSpace
            stepsName="projectionSteps"
            steps={steps}
            space={space}
            limits={limits}
            disabled={running}
            onChange={setProjectionSettings}
          />
          <label className="field check">
            <input
              type="checkbox"
              aria-label="Find the best motion"
              checked={searchMotion}
              disabled={running}
              onChange={(e) => setProjectionSettings({ searchMotion: e.target.checked })}
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
              <KeepCancel canKeep={!!status && !phase.keeping} onKeep={keepProjection} onCancel={cancelProjection} />
            </div>
          ) : (
            <button
              type="button"
              className="primary"
              disabled={!target || !model || videoRunning}
              onClick={() =>
                target &&
                void startProjection(target, {
                  steps,
                  space,
                  motionSearch: searchMotion ? MOTION_CANDIDATES : 0,
                })
              }
            >
              Project
            </button>
          )}
          {phase.kind === 'done' && (
            <div className="done">
              <p data-testid="projection-done">
                {phase.kept ? 'Kept' : 'Projected'} {phase.saved.name}: PSNR {phase.saved.psnr.toFixed(1)} dB (step{' '}
                {phase.saved.step} of {phase.saved.steps}, {phase.saved.space}, motion seed {phase.saved.motionSeed});
                it is now the video's content.
              </p>
              <PlayInVideo />
            </div>
          )}
          {phase.kind === 'canceled' && <p className="hint">Projection canceled: nothing was kept.</p>}
          {phase.kind === 'error' && (
            <p role="alert" className="error">
              {phase.message}
            </p>
          )}
        </div>
      </div>
      <SavedPictures version={savedVersion} onChange={savedPicturesChanged} />
    </StageFrame>
  );
}
