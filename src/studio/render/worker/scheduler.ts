/**
 * The render queue: one list of jobs per lane, lanes in a fixed priority order. A lane's list is replaced as
 * a whole (`want`), which is how a newer request makes older ones stale. The job being run is checked
 * between synthesis stages (`interruption`): it stops when it became stale, or when a job of a higher lane
 * is waiting (then it goes back to the front of its lane). A running job may `claim` more jobs of its lane
 * that it can do in the same pass (grid cells rendered in one batch); they share its fate.
 */

import { LANES, type Lane } from '../shared/protocol';

export { LANES, type Lane };

export interface Keyed {
  readonly key: string;
}

export type Interruption = 'stale' | 'preempted' | null;

interface LaneState<J> {
  jobs: J[];
  /** A running job of this lane that a new list leaves out is abandoned (scrubbing) or finished (playing). */
  abandon: boolean;
}

export class Scheduler<J extends Keyed> {
  private readonly lanes = new Map<Lane, LaneState<J>>(LANES.map((lane) => [lane, { jobs: [], abandon: true }]));
  /** `wantedElsewhere`: another lane listed the running job's key, so its own lane cannot make it stale. */
  private running: { lane: Lane; job: J; claimed: J[]; stale: boolean; wantedElsewhere: boolean } | null = null;

  /**
   * Replaces what `lane` wants. A listed key that is running already (in any lane) is not queued again; the
   * running job of this lane becomes stale when the list leaves it out and the lane abandons.
   */
  want(lane: Lane, jobs: readonly J[], options: { abandon?: boolean } = {}): void {
    const state = this.lanes.get(lane)!;
    state.abandon = options.abandon ?? true;
    const unique = new Map<string, J>();
    for (const job of jobs) if (!unique.has(job.key)) unique.set(job.key, job);
    const running = this.running;
    if (running && !running.stale) {
      if (unique.has(running.job.key)) {
        unique.delete(running.job.key);
        if (running.lane !== lane) running.wantedElsewhere = true;
      } else if (running.lane === lane && state.abandon && !running.wantedElsewhere) running.stale = true;
      // Jobs the pass claimed are being done, unless the pass just became stale (then they wait again).
      if (!running.stale) for (const job of running.claimed) unique.delete(job.key);
    }
    state.jobs = [...unique.values()];
  }

  /** Adds one job at the end of a lane (exports, probes). */
  push(lane: Lane, job: J): void {
    this.lanes.get(lane)!.jobs.push(job);
  }

  /** Drops queued jobs of a lane that match, and makes the running one stale if it matches. */
  drop(lane: Lane, matches: (job: J) => boolean): void {
    const state = this.lanes.get(lane)!;
    state.jobs = state.jobs.filter((job) => !matches(job));
    if (this.running?.lane === lane && matches(this.running.job)) this.running.stale = true;
  }

  /** Everything becomes stale (a model change). */
  dropAll(): void {
    for (const state of this.lanes.values()) state.jobs = [];
    if (this.running) this.running.stale = true;
  }

  /** Takes the first job of the highest lane that has one, and marks it running. */
  next(): { lane: Lane; job: J } | null {
    if (this.running) throw new Error('a job is already running: call finish() first');
    for (const lane of LANES) {
      const job = this.lanes.get(lane)!.jobs.shift();
      if (job) {
        this.running = { lane, job, claimed: [], stale: false, wantedElsewhere: false };
        return { lane, job };
      }
    }
    return null;
  }

  /**
   * Moves up to `max` queued jobs of the running job's lane that `matches` accepts into the running pass,
   * in queue order, and returns them. They finish with it; a preempted pass puts them back in front.
   */
  claim(matches: (job: J) => boolean, max: number): J[] {
    const running = this.running;
    if (!running || max < 1) return [];
    const state = this.lanes.get(running.lane)!;
    const taken: J[] = [];
    state.jobs = state.jobs.filter((job) => {
      if (taken.length >= max || !matches(job)) return true;
      taken.push(job);
      return false;
    });
    running.claimed.push(...taken);
    return taken;
  }

  /** Whether the running job should stop at this stage boundary, and why. */
  interruption(): Interruption {
    if (!this.running) return null;
    if (this.running.stale) return 'stale';
    const rank = LANES.indexOf(this.running.lane);
    for (const lane of LANES.slice(0, rank)) if (this.lanes.get(lane)!.jobs.length > 0) return 'preempted';
    return null;
  }

  /** Ends the running job; a preempted one goes back to the front of its lane. */
  finish(outcome: 'done' | 'stale' | 'preempted' | 'failed' = 'done'): void {
    const running = this.running;
    this.running = null;
    if (running && outcome === 'preempted' && !running.stale)
      this.lanes.get(running.lane)!.jobs.unshift(running.job, ...running.claimed);
  }

  /** Queued jobs (not counting the running one), optionally of one lane. */
  pending(lane?: Lane): number {
    if (lane) return this.lanes.get(lane)!.jobs.length;
    let n = 0;
    for (const state of this.lanes.values()) n += state.jobs.length;
    return n;
  }

  queued(lane: Lane): readonly J[] {
    return this.lanes.get(lane)!.jobs;
  }

  get current(): { lane: Lane; job: J } | null {
    return this.running && { lane: this.running.lane, job: this.running.job };
  }
}
