import { describe, expect, it } from 'vitest';
import { ISOLATION_HEADERS, withIsolationHeaders } from './isolation';
import { CACHE_PREFIX, cacheKey, cacheName, isPrecached, scopeCaches, staleCaches } from './manifest';
import { isTakeOverRequest, isVersionReply, isVersionRequest } from './messages';
import { describeUpdate } from './notices';
import { takeOverWhenStarted, type WaitingRegistration } from './take-over';

describe('isolation headers', () => {
  it('adds COOP, COEP and CORP and keeps status, other headers and body', async () => {
    const original = new Response('body bytes', {
      status: 201,
      statusText: 'Created',
      headers: { 'Content-Type': 'application/wasm', 'Cross-Origin-Embedder-Policy': 'unsafe-none' },
    });
    const wrapped = withIsolationHeaders(original);
    expect(wrapped.status).toBe(201);
    expect(wrapped.statusText).toBe('Created');
    expect(wrapped.headers.get('Content-Type')).toBe('application/wasm');
    for (const [name, value] of Object.entries(ISOLATION_HEADERS)) expect(wrapped.headers.get(name)).toBe(value);
    expect(wrapped.headers.get('Cross-Origin-Embedder-Policy')).toBe('require-corp');
    expect(await wrapped.text()).toBe('body bytes');
  });

  it('keeps bodiless responses bodiless and returns responses it cannot rebuild as they are', async () => {
    const notModified = withIsolationHeaders(new Response(null, { status: 304 }));
    expect(notModified.status).toBe(304);
    expect(notModified.body).toBeNull();
    const failed = Response.error();
    expect(withIsolationHeaders(failed)).toBe(failed);
  });
});

describe('cache names and keys', () => {
  it('keeps the current version and the newest earlier one, and never touches other caches', () => {
    const scope = 'https://user.github.io/studio/';
    const other = 'https://user.github.io/studio-fork/';
    const names = [
      'other-app',
      cacheName(scope, 'v1'),
      cacheName(other, 'v1'),
      cacheName(scope, 'v2'),
      cacheName(scope, 'v3'),
      cacheName(other, 'v9'),
      cacheName(scope, 'v4'),
    ];
    expect(staleCaches(names, scope, 'v4')).toEqual([cacheName(scope, 'v1'), cacheName(scope, 'v2')]);
    expect(scopeCaches(names, other)).toEqual([cacheName(other, 'v1'), cacheName(other, 'v9')]);
    expect(staleCaches([cacheName(scope, 'v1'), cacheName(scope, 'v2')], scope, 'v2')).toEqual([]);
    expect(staleCaches([cacheName(scope, 'v1')], scope, 'v1')).toEqual([]);
    expect(staleCaches(['other-app'], scope, 'v1')).toEqual([]);
    expect(cacheName(scope, 'abc').startsWith(CACHE_PREFIX)).toBe(true);
  });

  const scope = 'https://user.github.io/studio/';

  it('maps page addresses in the scope to the cached page, without query or fragment', () => {
    expect(cacheKey('https://user.github.io/studio/', scope, true)).toBe(`${scope}index.html`);
    expect(cacheKey('https://user.github.io/studio/?backend=wasm#seed=3', scope, true)).toBe(`${scope}index.html`);
    expect(cacheKey('https://user.github.io/studio/bench.html?x=1', scope, true)).toBe(`${scope}bench.html`);
    expect(cacheKey('https://user.github.io/studio/models/sky64/model.json', scope, false)).toBe(
      `${scope}models/sky64/model.json`,
    );
    // A subresource keeps its query: it names a different file.
    expect(cacheKey('https://user.github.io/studio/a.js?v=2', scope, false)).toBe(`${scope}a.js?v=2`);
  });

  it('leaves other origins and paths outside the scope to the browser', () => {
    expect(cacheKey('https://example.org/studio/model.json', scope, false)).toBeNull();
    expect(cacheKey('https://user.github.io/other/', scope, true)).toBeNull();
    expect(cacheKey('https://user.github.io/studio', scope, true)).toBeNull();
  });

  it('precaches everything but the worker itself and the benchmark page', () => {
    expect(isPrecached('index.html')).toBe(true);
    expect(isPrecached('assets/render-worker-abc.js')).toBe(true);
    expect(isPrecached('models/sky64/group1-shard1of1.bin')).toBe(true);
    expect(isPrecached('sw.js')).toBe(false);
    expect(isPrecached('bench.html')).toBe(false);
    expect(isPrecached('assets/bench-abc.js')).toBe(false);
  });
});

describe('version messages and notices', () => {
  it('recognises its messages only', () => {
    expect(isVersionRequest({ type: 'studio-version?' })).toBe(true);
    expect(isVersionRequest(null)).toBe(false);
    expect(isVersionReply({ type: 'studio-version', version: 'abc' })).toBe(true);
    expect(isVersionReply({ type: 'studio-version', version: 3 })).toBe(false);
    expect(isVersionReply('studio-version')).toBe(false);
    expect(isTakeOverRequest({ type: 'studio-take-over' })).toBe(true);
    expect(isTakeOverRequest({ type: 'studio-version?' })).toBe(false);
    expect(isTakeOverRequest(undefined)).toBe(false);
  });

  it('says "updated" once, when the version differs from the last one seen', () => {
    const reply = { type: 'studio-version', version: 'new123' } as const;
    expect(describeUpdate(null, reply)).toBeNull();
    expect(describeUpdate('new123', reply)).toBeNull();
    expect(describeUpdate('old999', reply)).toBe('The studio was updated to a new version (new123)');
  });
});

/** A service worker as the page sees it: a state, statechange events, and the messages posted to it. */
class FakeWorker extends EventTarget {
  readonly posted: unknown[] = [];
  constructor(public state: ServiceWorkerState) {
    super();
  }
  postMessage(message: unknown) {
    this.posted.push(message);
  }
  become(state: ServiceWorkerState) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}

class FakeRegistration extends EventTarget {
  installing: ServiceWorker | null = null;
  waiting: ServiceWorker | null = null;
  found(worker: FakeWorker) {
    this.installing = worker as unknown as ServiceWorker;
    this.dispatchEvent(new Event('updatefound'));
  }
}

describe('a new version that waits is asked to take over once the studio has started', () => {
  const TAKE_OVER = { type: 'studio-take-over' };
  const flush = () => new Promise((resolve) => setTimeout(resolve, 0));
  const deferred = () => {
    let resolve!: () => void;
    const promise = new Promise<void>((r) => {
      resolve = r;
    });
    return { promise, resolve };
  };
  /** takeOverWhenStarted on `registration`; the returned start has not happened yet. */
  const watch = (registration: FakeRegistration) => {
    const started = deferred();
    takeOverWhenStarted(registration as unknown as WaitingRegistration, started.promise);
    return started;
  };

  it('asks a waiting version after the start, not before', async () => {
    const registration = new FakeRegistration();
    const waiting = new FakeWorker('installed');
    registration.waiting = waiting as unknown as ServiceWorker;
    const started = watch(registration);
    await flush();
    expect(waiting.posted).toEqual([]);
    started.resolve();
    await flush();
    expect(waiting.posted).toEqual([TAKE_OVER]);
  });

  it('asks a version still installing at the start, or found later, once it is installed; never one that failed', async () => {
    const registration = new FakeRegistration();
    const installing = new FakeWorker('installing');
    registration.installing = installing as unknown as ServiceWorker;
    watch(registration).resolve();
    await flush();
    expect(installing.posted).toEqual([]);
    installing.become('installed');
    installing.become('activating');
    expect(installing.posted).toEqual([TAKE_OVER]);

    const later = new FakeWorker('installing');
    registration.found(later);
    later.become('installed');
    expect(later.posted).toEqual([TAKE_OVER]);

    const broken = new FakeWorker('installing');
    registration.found(broken);
    broken.become('redundant');
    expect(broken.posted).toEqual([]);
  });
});
