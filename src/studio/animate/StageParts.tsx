/**
 * Pieces both animate stages ("Animate a picture", "Animate a video") are made of: the stage frame (heading,
 * picture/video choice, Back, a dropped file), the file chooser, the crop hint, Steps and the latent space, and
 * Keep/Cancel while a projection runs.
 */
import type { DragEvent, ReactNode } from 'react';
import type { LatentSpace } from '../../latent';
import { NumberField } from '../panels/NumberField';
import { setAnimateOpen } from '../state/actions';
import type { Limits } from '../state/values';
import { AnimateKindChoice } from './AnimateKindChoice';
import type { AnimateKind } from './clip-session';

/** The stage: a section named by its heading, taking a dropped file, with the picture/video choice and Back. */
export function StageFrame(props: {
  kind: AnimateKind;
  title: string;
  headingId: string;
  /** The picture/video choice is off (a projection is running). */
  choiceDisabled: boolean;
  onDropFile: (file: File | undefined) => void;
  children: ReactNode;
}) {
  const drop = (event: DragEvent) => {
    event.preventDefault();
    props.onDropFile(event.dataTransfer.files[0]);
  };
  return (
    <section
      className="animate-stage animate-panel"
      aria-labelledby={props.headingId}
      onDragOver={(e) => e.preventDefault()}
      onDrop={drop}
    >
      <header className="animate-stage-header">
        <h2 id={props.headingId}>{props.title}</h2>
        <AnimateKindChoice kind={props.kind} disabled={props.choiceDisabled} />
        <button type="button" onClick={() => setAnimateOpen(false)}>
          Back to the video
        </button>
      </header>
      {props.children}
    </section>
  );
}

/** "Choose a …" (a hidden file input named `label`) and, beside it, what was chosen (`children`). */
export function FileChooser(props: {
  label: string;
  accept: string;
  caption: string;
  disabled: boolean;
  onFile: (file: File | undefined) => void;
  testId: string;
  children: ReactNode;
}) {
  return (
    <div className="animate-file">
      <label className={`file-button${props.disabled ? ' disabled' : ''}`}>
        <input
          type="file"
          className="visually-hidden"
          aria-label={props.label}
          accept={props.accept}
          disabled={props.disabled}
          onChange={(e) => {
            props.onFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <span aria-hidden="true">{props.caption}</span>
      </label>
      <span className="picture-name" data-testid={props.testId}>
        {props.children}
      </span>
    </div>
  );
}

/** The crop in the source's pixels, or what is missing ("Crop: no clip"). */
export function CropValues({ rect, none }: { rect: { size: number; x: number; y: number } | null; none: string }) {
  return (
    <p className="crop-values" data-testid="crop-values">
      {rect ? `Crop ${rect.size}×${rect.size} px at x ${rect.x}, y ${rect.y}` : none}
    </p>
  );
}

export function CropHint() {
  return (
    <p className="hint">
      Drag the square or its corner; focused, the arrows move it (Shift: faster), + and − resize it.
    </p>
  );
}

/** A projection's Steps (its row in the value table) and latent space. */
export function StepsAndSpace(props: {
  stepsName: 'projectionSteps' | 'videoProjectionSteps';
  steps: number;
  space: LatentSpace;
  limits: Limits;
  disabled: boolean;
  onChange: (patch: { steps?: number; space?: LatentSpace }) => void;
}) {
  return (
    <div className="animate-options">
      <NumberField
        caption="Steps"
        className="field"
        name={props.stepsName}
        label="Steps"
        value={props.steps}
        limits={props.limits}
        disabled={props.disabled}
        onCommit={(steps) => props.onChange({ steps })}
      />
      <label className="field">
        <span>Latent space</span>
        <select
          aria-label="Latent space"
          value={props.space}
          disabled={props.disabled}
          onChange={(e) => props.onChange({ space: e.target.value as LatentSpace })}
        >
          <option value="w+">w+ (one w per layer)</option>
          <option value="w">w (one w for all layers)</option>
        </select>
      </label>
    </div>
  );
}

/** Keep (the best so far; off before the first step and once asked) and Cancel (nothing kept). */
export function KeepCancel(props: { canKeep: boolean; onKeep: () => void; onCancel: () => void }) {
  return (
    <div className="export-buttons">
      <button type="button" disabled={!props.canKeep} onClick={props.onKeep}>
        Keep
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </div>
  );
}

/** After a projection: back to the video, which now plays it. */
export function PlayInVideo() {
  return (
    <button type="button" className="primary" onClick={() => setAnimateOpen(false)}>
      Play it in the video
    </button>
  );
}
