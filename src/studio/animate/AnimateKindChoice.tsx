import { type AnimateKind, setAnimateKind } from './clip-session';

/** The stage header's choice between animating a picture and a video (locked while either fit runs). */
export function AnimateKindChoice({ kind, disabled }: { kind: AnimateKind; disabled: boolean }) {
  const option = (value: AnimateKind, label: string) => (
    <label className="kind-option">
      <input
        type="radio"
        name="animate-kind"
        value={value}
        checked={kind === value}
        disabled={disabled}
        onChange={() => setAnimateKind(value)}
      />{' '}
      {label}
    </label>
  );
  return (
    <fieldset className="animate-kind">
      <legend className="visually-hidden">What to animate</legend>
      {option('picture', 'A picture')}
      {option('video', 'A video')}
    </fieldset>
  );
}
