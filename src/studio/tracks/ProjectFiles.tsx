import { useRef } from 'react';
import { downloadBlob } from '../../export';
import { userMessage } from '../../util';
import { services } from '../render/page/studio-services';
import { seek } from '../state/actions';
import { undoable } from '../state/history';
import { requestModel, useStudio } from '../state/store';
import { limitsOf, VALUES } from '../state/values';
import { type OpenedStudio, openProjectText, saveProjectText } from './project-io';

const get = () => useStudio.getState();

/** "Save project": the project JSON as a download (the model id is the studio's model key). */
export function saveProject(): void {
  const s = get();
  if (!s.model) return;
  const text = saveProjectText(s, services.models.directions);
  downloadBlob(new Blob([text], { type: 'application/json' }), `${s.modelId.replace(/[^\w.-]+/g, '_')}-project.json`);
}

/** Applies an opened project as one undo step (its model loaded first when it is another one here). */
function apply(opened: OpenedStudio, name: string): void {
  const s = get();
  if (opened.model !== s.modelId) {
    if (!s.models.some((m) => m.id === opened.model) && !s.cachedModels.some((m) => `cache:${m.id}` === opened.model)) {
      s.notify(`Could not open ${name}: its model "${opened.model}" is not in this browser (load it first)`);
      return;
    }
    const unsubscribe = useStudio.subscribe((now) => {
      if (now.model && now.modelId === opened.model && now.modelProgress.phase !== 'busy') {
        unsubscribe();
        apply(opened, name);
      }
    });
    requestModel({ kind: 'pick', key: opened.model, quiet: true });
    return;
  }
  undoable(() => {
    const clipEnd = VALUES.t.max(limitsOf({ ...s, clipSeconds: opened.state.clipSeconds ?? s.clipSeconds }));
    s.update({ ...opened.state, loopEnd: clipEnd, selectedKey: null, playing: false });
  });
  seek(0);
  for (const warning of opened.warnings) get().notify(`${name}: ${warning}`);
}

/** Save project / Open project: a refused file says why in one line and changes nothing. */
export function ProjectFiles() {
  const input = useRef<HTMLInputElement>(null);
  const hasModel = useStudio((s) => s.model !== null);
  const open = async (file: File) => {
    try {
      apply(openProjectText(await file.text(), get()), file.name);
    } catch (error) {
      get().notify(`Could not open ${file.name}: ${userMessage(error)}`);
    }
  };
  return (
    <div className="project-files">
      <button type="button" disabled={!hasModel} onClick={saveProject} title="Download this project as a JSON file">
        Save project
      </button>
      <button type="button" disabled={!hasModel} onClick={() => input.current?.click()} title="Open a project file">
        Open project
      </button>
      <input
        ref={input}
        type="file"
        accept=".json,application/json"
        aria-label="Project file"
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) void open(file);
        }}
      />
    </div>
  );
}
