/**
 * Cancel and Keep for one render-worker projection at a time (a picture's or a clip's): the abort signals the
 * job runs with, the studio's `projecting` flag while it runs, the running phase's "keeping" note, and how a
 * run that threw ends (canceled, the model changed, or failed).
 */
import { userMessage } from '../../util';
import { useStudio } from '../state/store';

type Phase = { kind: string; keeping?: boolean };

interface PhaseStore<S extends { phase: Phase }> {
  getState: () => S;
  setState: (patch: Partial<S>) => void;
}

export interface JobSignals {
  cancel: AbortController;
  keep: AbortController;
}

export interface JobControls {
  /** Whether a run is under way. */
  active(): boolean;
  /** A run starts: its signals, and the studio's `projecting` flag raised. */
  begin(): JobSignals;
  /** The run ended (however it did): the flag lowered. */
  end(): void;
  /** Cancel: the job stops and nothing is kept. */
  cancel(): void;
  /** Keep: the job ends with the best so far; the running phase says it is keeping. */
  keep(): void;
}

export function jobControls<S extends { phase: Phase }>(store: PhaseStore<S>): JobControls {
  let controls: JobSignals | null = null;
  return {
    active: () => controls !== null,
    begin() {
      controls = { cancel: new AbortController(), keep: new AbortController() };
      useStudio.getState().update({ projecting: true });
      return controls;
    },
    end() {
      controls = null;
      useStudio.getState().update({ projecting: false });
    },
    cancel() {
      controls?.cancel.abort();
    },
    keep() {
      if (!controls) return;
      controls.keep.abort();
      const phase = store.getState().phase;
      if (phase.kind === 'running') store.setState({ phase: { ...phase, keeping: true } } as Partial<S>);
    },
  };
}

/** The phase a run that threw ends in: canceled (Cancel), the model changed (nothing kept), or failed. */
export function thrownPhase(
  error: unknown,
  canceled: boolean,
): { kind: 'canceled' } | { kind: 'error'; message: string } {
  if (canceled) return { kind: 'canceled' };
  if (error instanceof Error && error.name === 'AbortError')
    return { kind: 'error', message: 'The projection stopped: the model changed (nothing was kept)' };
  return { kind: 'error', message: `The projection failed: ${userMessage(error)}` };
}
