import { type FormEvent, type KeyboardEvent, useEffect, useRef, useState } from 'react';
import type { CachedModelInfo } from '../../model';
import { renameProblem } from '../state/model-names';
import { requestModel, useStudio } from '../state/store';

interface Props {
  info: CachedModelInfo;
  lockProps: { disabled: boolean; title?: string; 'aria-description'?: string };
}

/** Rename and Delete for the model stored in this browser that is selected; Delete asks first (keyed by model). */
export function StoredModelActions({ info, lockProps }: Props) {
  const [mode, setMode] = useState<'idle' | 'rename' | 'confirm'>('idle');
  const [name, setName] = useState(info.name);
  const [problem, setProblem] = useState<string | null>(null);
  const others = useStudio((s) => s.cachedModels)
    .filter((m) => m.id !== info.id)
    .map((m) => m.name);
  const keep = useRef<HTMLButtonElement>(null);
  const field = useRef<HTMLInputElement>(null);
  const opener = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (mode === 'confirm') keep.current?.focus();
    if (mode === 'rename') field.current?.select();
  }, [mode]);

  const close = () => {
    setMode('idle');
    setProblem(null);
    setName(info.name);
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    const why = renameProblem(name, others);
    setProblem(why);
    if (why) return;
    requestModel({ kind: 'rename', key: `cache:${info.id}`, name: name.trim() });
    setMode('idle');
  };
  const onEscape = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return;
    event.stopPropagation();
    close();
  };

  if (mode === 'rename')
    return (
      <form className="stored-rename" onSubmit={save} onKeyDown={onEscape}>
        <label className="field">
          <span>Model name</span>
          <input
            ref={field}
            type="text"
            aria-label="Model name"
            value={name}
            aria-invalid={problem !== null}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        {problem && (
          <p className="error" role="alert">
            {problem}
          </p>
        )}
        <div className="stored-buttons">
          <button type="submit">Save name</button>
          <button type="button" onClick={close}>
            Cancel rename
          </button>
        </div>
      </form>
    );
  if (mode === 'confirm')
    return (
      <div
        className="stored-confirm"
        role="alertdialog"
        aria-labelledby="delete-question"
        aria-describedby="delete-detail"
        onKeyDown={onEscape}
      >
        <p id="delete-question" className="model-full-name">
          Delete {info.name}?
        </p>
        <p id="delete-detail" className="hint">
          It is removed from this browser; its file, if you have it, stays.
        </p>
        <div className="stored-buttons">
          <button
            type="button"
            className="danger"
            onClick={() => {
              setMode('idle');
              requestModel({ kind: 'delete', key: `cache:${info.id}` });
            }}
          >
            Delete
          </button>
          <button
            type="button"
            ref={keep}
            onClick={() => {
              close();
              opener.current?.focus();
            }}
          >
            Keep
          </button>
        </div>
      </div>
    );
  return (
    <div className="stored-buttons">
      <button type="button" onClick={() => setMode('rename')} {...lockProps}>
        Rename
      </button>
      <button type="button" ref={opener} className="danger" onClick={() => setMode('confirm')} {...lockProps}>
        Delete from this browser
      </button>
    </div>
  );
}
