import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler';

const job = (key: string) => ({ key });
const run = (s: Scheduler<{ key: string }>) => {
  const next = s.next();
  s.finish();
  return next && `${next.lane}:${next.job.key}`;
};

describe('render scheduler', () => {
  it('runs lanes in priority order: playhead, ahead, filmstrip, grid, idle', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('idle', [job('i1')]);
    s.want('grid', [job('g1')]);
    s.want('filmstrip', [job('f1'), job('f2')]);
    s.want('ahead', [job('a1')]);
    s.want('playhead', [job('p1')]);
    expect([run(s), run(s), run(s), run(s), run(s), run(s), run(s)]).toEqual([
      'playhead:p1',
      'ahead:a1',
      'filmstrip:f1',
      'filmstrip:f2',
      'grid:g1',
      'idle:i1',
      null,
    ]);
  });

  it('a newer list makes the running job of an abandoning lane stale, and drops older queued ones', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('playhead', [job('t=1')]);
    expect(s.next()!.job.key).toBe('t=1');
    expect(s.interruption()).toBeNull();
    s.want('playhead', [job('t=2')]);
    expect(s.interruption()).toBe('stale');
    s.finish('stale');
    expect(run(s)).toBe('playhead:t=2');
    expect(s.next()).toBeNull();
  });

  it('keeps the running job when the new list still wants it, without queueing it twice', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('filmstrip', [job('a'), job('b')]);
    s.next();
    s.want('filmstrip', [job('a'), job('b'), job('c')]);
    expect(s.interruption()).toBeNull();
    s.finish();
    expect([run(s), run(s), run(s)]).toEqual(['filmstrip:b', 'filmstrip:c', null]);
  });

  it('lets the running job of a non-abandoning lane (playback) finish', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('playhead', [job('t=1')], { abandon: false });
    s.next();
    s.want('playhead', [job('t=2')], { abandon: false });
    expect(s.interruption()).toBeNull();
  });

  it('a higher lane preempts a lower running job, which goes back to the front of its lane', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('idle', [job('i1'), job('i2')]);
    expect(s.next()!.job.key).toBe('i1');
    s.want('playhead', [job('p')]);
    expect(s.interruption()).toBe('preempted');
    s.finish('preempted');
    expect([run(s), run(s), run(s)]).toEqual(['playhead:p', 'idle:i1', 'idle:i2']);
  });

  it('a stale job is not requeued even when preempted too', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('idle', [job('i1')]);
    s.next();
    s.want('idle', []);
    s.want('playhead', [job('p')]);
    expect(s.interruption()).toBe('stale');
    s.finish('preempted');
    expect([run(s), run(s)]).toEqual(['playhead:p', null]);
  });

  it('a key another lane wants is not rendered twice and survives its own lane dropping it', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('ahead', [job('t=2'), job('t=3')]);
    s.next(); // t=2 runs as look-ahead
    s.want('playhead', [job('t=2')]); // the playhead reached t=2
    s.want('ahead', [job('t=3'), job('t=4')]);
    expect(s.interruption()).toBeNull();
    expect(s.pending('playhead')).toBe(0);
  });

  it('dropAll makes everything stale (a model switch)', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('grid', [job('a'), job('b')]);
    s.next();
    s.dropAll();
    expect(s.interruption()).toBe('stale');
    s.finish('stale');
    expect(s.next()).toBeNull();
  });

  it('a pass claims matching jobs of its lane, in order and up to a count, which then are not queued again', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('grid', [job('a1'), job('b1'), job('a2'), job('a3'), job('a4')]);
    s.want('idle', [job('a9')]);
    s.next();
    expect(s.claim((j) => j.key.startsWith('a'), 2).map((j) => j.key)).toEqual(['a2', 'a3']);
    expect(s.queued('grid').map((j) => j.key)).toEqual(['b1', 'a4']);
    s.want('grid', [job('a1'), job('a2'), job('a3'), job('b1')], { abandon: false });
    expect(s.queued('grid').map((j) => j.key)).toEqual(['b1']);
    s.finish();
    expect([run(s), run(s), run(s)]).toEqual(['grid:b1', 'idle:a9', null]);
  });

  it('claimed jobs go back in front with a preempted pass, and wait again when the pass becomes stale', () => {
    const s = new Scheduler<{ key: string }>();
    s.want('grid', [job('a1'), job('a2'), job('b1')]);
    s.next();
    s.claim((j) => j.key.startsWith('a'), 4);
    s.want('playhead', [job('p')]);
    expect(s.interruption()).toBe('preempted');
    s.finish('preempted');
    expect([run(s), run(s), run(s), run(s)]).toEqual(['playhead:p', 'grid:a1', 'grid:a2', 'grid:b1']);

    s.want('grid', [job('a1'), job('a2')]);
    s.next();
    s.claim(() => true, 4);
    s.want('grid', [job('a2'), job('c')]);
    expect(s.interruption()).toBe('stale');
    s.finish('stale');
    expect([run(s), run(s), run(s)]).toEqual(['grid:a2', 'grid:c', null]);
  });
});
