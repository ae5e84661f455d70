import { type KeyboardEvent, memo, type ReactNode, useId, useState } from 'react';
import { checkTime, formatTimeValue, parseTime, type TimeUnit, timeValueText } from '../state/time-format';
import { checkText, clampTo, type Limits, parseDecimal, VALUES, type ValueName } from '../state/values';

interface Props {
  /** The value's row in the table (range, step, message). */
  name: ValueName;
  /** The field's accessible name. */
  label: string;
  value: number;
  limits: Limits;
  onCommit: (value: number) => void;
  disabled?: boolean;
  /** Shown before the field, inside its label. */
  caption?: ReactNode;
  className?: string;
  /** A time field: shown in this unit, typed in any form time-format reads (frames, 0.49s, m:ss.xx). */
  timeUnit?: TimeUnit;
}

/**
 * A number a person types: it edits freely and commits on Enter, on leaving the field or with the stepper
 * (or ↑/↓); Escape reverts. A value the table refuses shows its message under the field and is not applied;
 * nothing typed is clamped.
 */
export const NumberField = memo(function NumberField({
  name,
  label,
  value,
  limits,
  onCommit,
  disabled,
  caption,
  className,
  timeUnit,
}: Props) {
  const spec = VALUES[name];
  const format = (v: number) => (timeUnit ? formatTimeValue(spec, v, timeUnit, limits) : String(v));
  const check = (text: string) => (timeUnit ? checkTime(spec, text, timeUnit, limits) : checkText(spec, text, limits));
  const parse = (text: string) => {
    if (!timeUnit) return parseDecimal(text);
    const frames = parseTime(text, limits.trainingFps);
    return frames === null || spec.unit !== 's' ? frames : frames / limits.trainingFps;
  };
  const [draft, setDraft] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const problemId = useId();
  const inputId = useId();
  const shown = draft ?? format(value);
  const revert = () => {
    setDraft(null);
    setProblem(null);
  };
  const commit = () => {
    if (draft === null) return;
    const checked = check(draft);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    revert();
    if (checked.value !== value) onCommit(checked.value);
  };
  const stepBy = (direction: number) => {
    const base = (draft !== null ? parse(draft) : null) ?? value;
    const next = clampTo(spec, base + direction * (spec.nudge ?? spec.step), limits);
    revert();
    if (next !== value) onCommit(next);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter') commit();
    else if (event.key === 'Escape') revert();
    else if (event.key === 'ArrowUp' || event.key === 'ArrowDown') stepBy(event.key === 'ArrowUp' ? 1 : -1);
    else return;
    event.preventDefault();
  };
  const keepFocus = (event: { preventDefault: () => void }) => event.preventDefault();
  const field = (
    <span className={`number-field${problem ? ' invalid' : ''}`}>
      <span className="number-box">
        <input
          id={inputId}
          type="text"
          role="spinbutton"
          inputMode={timeUnit ? 'text' : spec.step === 1 && spec.min(limits) >= 0 ? 'numeric' : 'decimal'}
          autoComplete="off"
          spellCheck={false}
          aria-label={label}
          aria-valuemin={spec.min(limits)}
          aria-valuemax={spec.max(limits)}
          aria-valuenow={value}
          aria-valuetext={timeUnit ? timeValueText(spec, value, timeUnit, limits) : undefined}
          aria-invalid={problem !== null}
          aria-describedby={problem ? problemId : undefined}
          value={shown}
          disabled={disabled}
          onChange={(e) => {
            setDraft(e.target.value);
            setProblem(null);
          }}
          onBlur={commit}
          onKeyDown={onKeyDown}
        />
        {/* For the mouse: the field itself is a spinbutton (↑/↓), so the stepper stays out of the accessibility tree. */}
        <span className="stepper">
          <button
            type="button"
            tabIndex={-1}
            aria-hidden="true"
            data-step="up"
            disabled={disabled}
            onMouseDown={keepFocus}
            onClick={() => stepBy(1)}
          >
            ▴
          </button>
          <button
            type="button"
            tabIndex={-1}
            aria-hidden="true"
            data-step="down"
            disabled={disabled}
            onMouseDown={keepFocus}
            onClick={() => stepBy(-1)}
          >
            ▾
          </button>
        </span>
      </span>
      {problem && (
        <span className="field-problem" id={problemId} role="alert">
          {problem}
        </span>
      )}
    </span>
  );
  if (caption === undefined) return field;
  return (
    <label className={className} htmlFor={inputId}>
      <span>{caption}</span>
      {field}
    </label>
  );
});
