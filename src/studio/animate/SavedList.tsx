import { type SavedEntry, savedLabels } from './saved-entries';

export interface SavedListProps<T extends SavedEntry & { psnr: number }> {
  /** "Saved pictures": the heading and the list's accessible name. */
  title: string;
  className: string;
  /** The entries to list (of the current model), newest first. */
  entries: readonly T[];
  /** Whether the studio shows this entry now. */
  isActive: (entry: T) => boolean;
  /** The Use button's tooltip after "<label>: ". */
  describe: (entry: T) => string;
  onUse: (entry: T) => void;
  onDelete: (entry: T) => void;
}

/** Entries kept in this browser (saved-entries.ts), each named "<file> · <date time>": use one again, or delete it. */
export function SavedList<T extends SavedEntry & { psnr: number }>(props: SavedListProps<T>) {
  const { title, className, entries, isActive, describe, onUse, onDelete } = props;
  if (entries.length === 0) return null;
  const labels = savedLabels(entries);
  return (
    <div className={className}>
      <h3>{title}</h3>
      <ul aria-label={title}>
        {entries.map((e) => {
          const label = labels.get(e.id) ?? e.name;
          return (
            <li key={e.id}>
              <button
                type="button"
                aria-pressed={isActive(e)}
                aria-label={`Use ${label}`}
                title={`${label}: ${describe(e)}`}
                onClick={() => onUse(e)}
              >
                {label} · {e.psnr.toFixed(1)} dB
              </button>
              <button type="button" aria-label={`Delete ${label}`} title="Delete" onClick={() => onDelete(e)}>
                ×
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}
