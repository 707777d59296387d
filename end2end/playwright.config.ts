import { defineConfig } from '@playwright/test';

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
  ],
  webServer: {
    // A fresh SQLite database for every run.
    command: 'rm -rf .tmp && mkdir -p .tmp && exec ../target/release/server',
    cwd: __dirname,
    env: {
      LEPTOS_SITE_ROOT: '../target/site',
      LEPTOS_SITE_PKG_DIR: 'pkg',
      LEPTOS_OUTPUT_NAME: 'madoguchi',
      LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}`,
      MADOGUCHI_DATABASE_URL: 'sqlite://.tmp/e2e.sqlite3',
      MADOGUCHI_SOCIETY_DIR: '../server/demo',
      RUST_LOG: 'warn',
    },
    url: `${BASE_URL}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
