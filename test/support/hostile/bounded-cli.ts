/**
 * Runs bin/stylegan-v on a crafted input under the bounds: wall time, peak memory (GNU time's
 * maximum resident set of the process tree) and, where strace exists, every file the process opened.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve(__dirname, '../../../bin/stylegan-v');
export const HAS_STRACE = existsSync('/usr/bin/strace');
export const HAS_TIME = existsSync('/usr/bin/time');

/**
 * In CI (CI=true) both tools must be there (tools/ensure-system-deps.sh installs them): without GNU time the
 * memory bound would read 0 and pass, without strace the file checks would not run. Elsewhere they are
 * named once on stderr, never skipped silently.
 */
export function requireMeasuringTools(): void {
  const missing = [HAS_TIME ? '' : 'GNU time (/usr/bin/time)', HAS_STRACE ? '' : 'strace'].filter(Boolean);
  if (missing.length === 0) return;
  const line = `${missing.join(' and ')} missing: run tools/ensure-system-deps.sh (apt-get install time strace)`;
  if (process.env.CI === 'true') throw new Error(`cli-hostile: ${line}`);
  console.warn(`cli-hostile: ${line}; memory bounds and file checks are not measured in this run`);
}

export interface BoundedResult {
  code: number;
  stdout: string;
  stderr: string;
  seconds: number;
  /** Peak resident memory in bytes (0 when GNU time is missing). */
  peakBytes: number;
  /** Paths the process opened (with `trace`). */
  opened: string[];
}

export async function boundedCli(
  args: string[],
  options: { trace?: boolean; timeoutSeconds?: number; env?: Record<string, string> } = {},
): Promise<BoundedResult> {
  const dir = mkdtempSync(join(tmpdir(), 'stylegan-v-bounded-'));
  const rssFile = join(dir, 'rss');
  const traceFile = join(dir, 'trace');
  let command = [BIN, ...args];
  if (options.trace && HAS_STRACE)
    command = ['/usr/bin/strace', '-f', '-qq', '-e', 'trace=open,openat,openat2', '-o', traceFile, ...command];
  if (HAS_TIME) command = ['/usr/bin/time', '-f', '%M', '-o', rssFile, ...command];
  const started = performance.now();
  const result = await new Promise<{ code: number; stdout: string; stderr: string }>((done) => {
    execFile(
      command[0]!,
      command.slice(1),
      {
        encoding: 'utf8',
        timeout: (options.timeoutSeconds ?? 60) * 1000,
        killSignal: 'SIGKILL',
        env: { ...process.env, ...options.env },
      },
      (error, stdout, stderr) => {
        const code = error
          ? typeof (error as { code?: unknown }).code === 'number'
            ? (error as { code: number }).code
            : 137
          : 0;
        done({ code, stdout, stderr });
      },
    );
  });
  const seconds = (performance.now() - started) / 1000;
  const peakBytes = existsSync(rssFile)
    ? Number(readFileSync(rssFile, 'utf8').trim().split('\n').pop()) * 1024 || 0
    : 0;
  const opened = existsSync(traceFile)
    ? [...readFileSync(traceFile, 'utf8').matchAll(/open(?:at2?)?\((?:[^,]*, )?"([^"]*)"/g)].map((m) => m[1]!)
    : [];
  rmSync(dir, { recursive: true, force: true });
  // GNU time adds "Command exited with non-zero status N" to its own file, not to stderr.
  return { ...result, seconds, peakBytes, opened };
}
