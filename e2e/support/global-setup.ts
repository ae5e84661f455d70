import { mkdirSync } from 'node:fs';
import { build } from 'vite';
import type { TestProject } from 'vitest/node';
import { startStaticServer } from '../../tools/static-server';

declare module 'vitest' {
  export interface ProvidedContext {
    baseUrl: string;
  }
}

/** Builds the studio once and serves dist/ with cross-origin isolation for every browser test. */
export default async function setup(project: TestProject) {
  await build({ logLevel: 'error' });
  mkdirSync('e2e-artifacts', { recursive: true });
  const server = await startStaticServer({ '/': 'dist' });
  project.provide('baseUrl', server.url);
  return () => server.close();
}
