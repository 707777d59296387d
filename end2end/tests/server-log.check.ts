// Runs after every browser test (a project that depends on them): the servers the suite
// used logged no ERROR line. An error in the log is a fault someone must look at; a run
// that behaves as the tests expect leaves none (refusals are warnings or audit events).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { E2E_DIR } from './support/auth';

const LOGS = ['.tmp', '.tmp-split', '.tmp-publishing'].map((dir) => path.join(E2E_DIR, dir, 'server.log'));

type Entry = { level?: string; fields?: { message?: string } };

/** The log's entries (JSON lines; anything else the server printed is skipped). */
function entries(text: string): Entry[] {
  return text.split('\n').flatMap((line) => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as Entry] : [];
    } catch {
      return [];
    }
  });
}

for (const [i, file] of LOGS.entries()) {
  test(`the server behind ${path.basename(path.dirname(file))} logged no error`, () => {
    const text = readFileSync(file, 'utf8');
    expect(text, 'the log holds the server from its start').toContain('madoguchi: serving on');
    const logged = entries(text);
    if (i === 0) {
      // The security tests' cross-origin POST is a warning here: the log is read as written.
      const refusals = logged.filter((e) => e.level === 'WARN' && e.fields?.message?.includes('cross-origin'));
      expect(refusals.length).toBeGreaterThan(0);
    }
    expect(logged.filter((e) => e.level === 'ERROR')).toEqual([]);
  });
}
