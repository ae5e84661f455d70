import { KEYMAP, MARKER_KEYS_SHOWN } from '../hooks/keymap';
import { useStudio } from '../state/store';

/** The keyboard map, as a list ("?" shows and hides it, Esc closes it). */
export function KeysOverlay() {
  const shown = useStudio((s) => s.keysShown);
  const update = useStudio((s) => s.update);
  if (!shown) return null;
  return (
    <div className="keys-overlay">
      <div className="keys-card" role="dialog" aria-label="Keyboard shortcuts">
        <h2>Keys</h2>
        <p className="hint">
          They work wherever the focus is; text fields, lists, tabs and sliders other than Time keep the keys they need.{' '}
          {MARKER_KEYS_SHOWN}
        </p>
        <table>
          <tbody>
            {KEYMAP.map((binding) => (
              <tr key={binding.what}>
                <th scope="row">
                  <kbd>{binding.shown}</kbd>
                </th>
                <td>{binding.what}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => update({ keysShown: false })}>
          Close
        </button>
      </div>
    </div>
  );
}
