// Benchmarks that need a signed-in browser session (`make bench`), not tests: they print
// figures for docs/BENCHMARKS.md and assert only that they could be taken.
import { defineConfig } from '@playwright/test';

export default defineConfig({
  testDir: './bench',
  timeout: 600_000,
  workers: 1,
  reporter: 'list',
  use: { browserName: 'chromium', launchOptions: { executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] } },
});
