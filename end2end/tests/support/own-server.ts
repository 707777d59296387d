// A portal server of a spec's own: its own database, key, mail drop and checkpoints under
// `end2end/<dir>`, on its own port, so what the spec changes (a clock moved, data erased)
// touches no other spec. Stopped with SIGKILL and awaited: a browser keeps its connection
// open, so a graceful stop would wait.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { expect } from '@playwright/test';
import { E2E_DIR, SERVER_ENV } from './auth';

export interface OwnServer {
  url: string;
  /// The server's files, for the CLI (`addStaff`, `setUpStaff`) to reach the same database.
  env: Record<string, string>;
  /// Starts on a fresh directory; `prepare` runs once it exists, before the server starts.
  start(prepare?: () => void): Promise<void>;
  stop(): Promise<void>;
}

export function ownServer(port: number, dir: string, extra: Record<string, string> = {}): OwnServer {
  const url = `http://127.0.0.1:${port}`;
  const env: Record<string, string> = {
    MADOGUCHI_DATABASE_URL: `sqlite://${dir}/e2e.sqlite3`,
    MADOGUCHI_SECRET_KEY_FILE: `${dir}/madoguchi.key`,
    MADOGUCHI_MAIL_DIR: `${dir}/mail`,
    MADOGUCHI_AUDIT_CHECKPOINT_FILE: `${dir}/audit-checkpoints.log`,
    ...extra,
  };
  let child: ChildProcess | undefined;
  return {
    url,
    env,
    async start(prepare?: () => void) {
      rmSync(path.join(E2E_DIR, dir), { recursive: true, force: true });
      mkdirSync(path.join(E2E_DIR, dir), { recursive: true });
      prepare?.();
      child = spawn('../target/release/server', [], {
        cwd: E2E_DIR,
        env: { ...process.env, ...SERVER_ENV, ...env, LEPTOS_SITE_ADDR: `127.0.0.1:${port}` },
        stdio: 'ignore',
      });
      await expect
        .poll(async () => fetch(`${url}/healthz`).then((r) => r.status).catch(() => 0), { timeout: 30_000 })
        .toBe(200);
    },
    async stop() {
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
}
