import { defineConfig } from '@playwright/test';
import { PUBLISHING_ENV, SERVER_ENV } from './tests/support/auth';

const PORT = 3100;
const BASE_URL = `http://127.0.0.1:${PORT}`;

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  workers: 1,
  fullyParallel: false,
  retries: 0,
  forbidOnly: true,
  reporter: 'list',
  use: {
    baseURL: BASE_URL,
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: /server-log\.check\.ts/,
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
            '--disable-quic',
          ],
        },
      },
    },
    {
      // After every browser test: the servers they used logged no error.
      name: 'server-log',
      testMatch: /server-log\.check\.ts/,
      dependencies: ['chromium'],
    },
  ],
  webServer: [
    {
      // A fresh SQLite database (and key file and mail drop) for every run.
      command: 'rm -rf .tmp && mkdir -p .tmp && ../target/release/server 2>&1 | tee .tmp/server.log',
      cwd: __dirname,
      env: { ...SERVER_ENV, LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}` },
      url: `${BASE_URL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // The same portal with the staff area on its own address.
      command: 'rm -rf .tmp-split && mkdir -p .tmp-split && ../target/release/server 2>&1 | tee .tmp-split/server.log',
      cwd: __dirname,
      env: {
        ...SERVER_ENV,
        LEPTOS_SITE_ADDR: '127.0.0.1:3102',
        MADOGUCHI_STAFF_LISTEN: '127.0.0.1:3103',
        MADOGUCHI_DATABASE_URL: 'sqlite://.tmp-split/e2e.sqlite3',
        MADOGUCHI_SECRET_KEY_FILE: '.tmp-split/madoguchi.key',
        MADOGUCHI_MAIL_DIR: '.tmp-split/mail',
        MADOGUCHI_AUDIT_CHECKPOINT_FILE: '.tmp-split/audit-checkpoints.log',
      },
      url: 'http://127.0.0.1:3103/healthz',
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
    {
      // A portal whose 公表事項 the publication-change tests revise.
      command: 'rm -rf .tmp-publishing && mkdir -p .tmp-publishing && ../target/release/server 2>&1 | tee .tmp-publishing/server.log',
      cwd: __dirname,
      env: { ...SERVER_ENV, ...PUBLISHING_ENV, LEPTOS_SITE_ADDR: '127.0.0.1:3104' },
      url: 'http://127.0.0.1:3104/healthz',
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'pipe',
      stderr: 'pipe',
    },
  ],
});
