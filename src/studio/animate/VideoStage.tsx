import { fileFrames, ordinal, VIDEO_TYPES } from '../../video-input';
import { dropKind } from '../hooks/dropped-files';
import { useLimits } from '../hooks/use-limits';
import { NumberField } from '../panels/NumberField';
import { useStudio } from '../state/store';
import { ClipLoop, useLoopFrame } from './ClipLoop';
import { CropEditor } from './CropEditor';
import {
  animateClip,
  chooseClip,
  chosenRange,
  setAnimateKind,
  setClipCrop,
  setClipRange,
  setClipSettings,
  useClip,
} from './clip-session';
import { cropFromControls } from './crop-controls';
import { choosePicture } from './projection-session';
import { SavedVideos } from './SavedVideos';
import { CropHint, CropValues, FileChooser, StageFrame, StepsAndSpace } from './StageParts';
import { VideoFitView } from './VideoFitView';
import { savedVideosChanged, useVideoProjection } from './video-session';
import './animate.css';

const round = (v: number, digits: number) => Number(v.toFixed(digits));

/**
 * "Animate a video" in the stage: choose or drop a clip, see its frame at the start with the square crop over
 * it, choose the range (start, frames, every k-th frame) and see how the clip's fps maps onto the model's
 * training fps, then fit it in the render worker: target frames and the latest reconstructions loop side by
 * side, with PSNR per frame, time left, Keep and Cancel.
 */
export function VideoStage() {
  const model = useStudio((s) => s.model);
  const pictureRunning = useStudio((s) => s.projecting);
  const limits = useLimits();
  const s = useClip();
  const { phase, reconstructions, savedVersion } = useVideoProjection();
  const running = phase.kind === 'running' || s.reading === 'range';
  const { clip, targets } = s;
  const chosen = chosenRange(s);
  const range = chosen && 'range' in chosen ? chosen.range : undefined;
  const rangeError = chosen && 'error' in chosen ? chosen.error : undefined;
  const rect = clip ? cropFromControls(clip.frame.width, clip.frame.height, s.crop) : null;
  const trainingFps = model?.trainingFps ?? limits.trainingFps;
  const count = targets?.frames.length ?? 0;
  const loopFps = clip ? clip.info.fps / s.frameStep : 1;
  const shown = useLoopFrame(count, loopFps, count > 0);
  const framePsnr = phase.kind === 'running' ? phase.status?.framePsnr[shown] : undefined;
  const drop = (file: File | undefined) => {
    if (file && dropKind([file.name]) === 'picture' && phase.kind !== 'running') {
      setAnimateKind('picture');
      void choosePicture(file);
    } else void chooseClip(file);
  };
  const field = (name: 'videoStart' | 'videoFrames' | 'videoFrameStep', caption: string, label: string) => (
    <NumberField
      caption={caption}
      className="field"
      name={name}
      label={label}
      value={name === 'videoStart' ? s.startSeconds : name === 'videoFrames' ? s.frames : s.frameStep}
      limits={limits}
      disabled={!clip || running}
      onCommit={(value) =>
        setClipRange(
          name === 'videoStart'
            ? { startSeconds: value }
            : name === 'videoFrames'
              ? { frames: value }
              : { frameStep: value },
        )
      }
    />
  );

  return (
    <StageFrame
      kind="video"
      title="Animate a video"
      headingId="video-stage-heading"
      choiceDisabled={running || pictureRunning}
      onDropFile={drop}
    >
      <FileChooser
        label="Video file"
        accept={VIDEO_TYPES}
        caption="Choose a video…"
        disabled={running}
        onFile={(file) => void chooseClip(file)}
        testId="clip-name"
      >
        {clip
          ? `${clip.info.name}: ${clip.info.width}×${clip.info.height}, ${clip.info.codec} in ${clip.info.container}, ${round(clip.info.fps, 3)} fps, ${clip.info.durationSeconds.toFixed(2)} s (${fileFrames(clip.info)} frames); square crop resized to ${model?.resolution}×${model?.resolution}`
          : s.reading === 'file'
            ? 'Reading the clip…'
            : 'No clip yet: choose an MP4, MOV or WebM, or drop one here (only the range you choose is decoded).'}
      </FileChooser>
      {s.clipError && (
        <p role="alert" className="error" data-testid="clip-error">
          {s.clipError}
        </p>
      )}
      <div className="animate-images">
        <figure className="picture-figure crop-figure">
          {clip ? (
            <CropEditor image={clip.frame} label="Clip frame" crop={s.crop} disabled={running} onChange={setClipCrop} />
          ) : (
            <div className="crop-empty">Drop a video here</div>
          )}
          <figcaption>
            {clip ? `Frame at ${clip.frame.timestamp.toFixed(2)} s and crop` : 'Clip frame and crop'}
          </figcaption>
        </figure>
        <ClipLoop frames={targets?.frames ?? null} frame={shown} label="Target frames" />
        <ClipLoop frames={targets ? reconstructions : null} frame={shown} label="Reconstructed frames" />
      </div>
      <p className="hint" data-testid="loop-frame">
        {targets
          ? `Frame ${shown + 1} / ${count} at ${targets.timestamps[shown]?.toFixed(2)} s in the clip, t = ${round(shown * targets.tStep, 3)}${framePsnr !== undefined ? ` · PSNR ${framePsnr.toFixed(1)} dB` : ''}`
          : 'The frames to fit and their reconstructions loop here once you press Animate.'}
      </p>
      <div className="animate-controls">
        <div className="animate-crop">
          <CropValues rect={rect} none="Crop: no clip" />
          <CropHint />
          <div className="animate-options">
            {field('videoStart', 'Start (s)', 'Start')}
            {field('videoFrames', 'Frames (2–64)', 'Frames')}
            {field('videoFrameStep', 'Every k-th frame', 'Frame step')}
          </div>
          <p className="hint" data-testid="clip-range">
            {range && clip
              ? `Frames ${range.firstFrame + 1} to ${range.firstFrame + (range.frames - 1) * range.frameStep + 1} of the clip, every ${ordinal(range.frameStep)}: ${range.startSeconds.toFixed(2)} s to ${(range.startSeconds + range.spanSeconds).toFixed(2)} s, ${range.frames} frames${range.frames < s.frames ? ` (the clip ends before ${s.frames})` : ''}`
              : (rangeError ?? 'Range: no clip')}
          </p>
          <p className="hint" data-testid="clip-fps">
            {clip
              ? `Clip ${round(clip.info.fps, 3)} fps onto the model's ${trainingFps} fps: one clip frame is ${round(trainingFps / clip.info.fps, 4)} training frames, so fitted frame k is at t = k × ${round((trainingFps / clip.info.fps) * s.frameStep, 4)} (set by the two rates and the frame step).`
              : `The clip's fps is mapped onto the model's training fps (${trainingFps}).`}
          </p>
        </div>
        <div className="animate-run">
          <StepsAndSpace
            stepsName="videoProjectionSteps"
            steps={s.steps}
            space={s.space}
            limits={limits}
            disabled={running}
            onChange={setClipSettings}
          />
          {phase.kind !== 'running' && (
            <button
              type="button"
              className="primary"
              disabled={!clip || !model || !range || running || pictureRunning || s.reading !== null}
              onClick={() => void animateClip()}
            >
              {s.reading === 'range' ? 'Reading frames…' : 'Animate'}
            </button>
          )}
          {s.runError && (
            <p role="alert" className="error" data-testid="clip-run-error">
              {s.runError}
            </p>
          )}
          <VideoFitView phase={phase} name={clip?.info.name ?? 'the clip'} />
        </div>
      </div>
      <SavedVideos version={savedVersion} onChange={savedVideosChanged} />
    </StageFrame>
  );
}
