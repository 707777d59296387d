// The suite's `test`: Playwright's, with one automatic check on every page a spec renders —
// no stored code (a status, action, event, audit action, data category, delivery method or
// decision outcome as the database holds it) is visible text. The codes come from the Rust
// enums (`stored-codes.json`, kept current by a Rust test in app/src/staff/codes.rs) and
// from the demo publication's category and delivery-method ids.
//
// The rule (docs/TESTING.md): a code is looked for as a whole token — not next to a letter,
// digit, `_`, `.`, `/`, `@` or `-`, nor a query's `?name=` / `&name=`, so a URL, a
// record's reference, a file name or an e-mail address never matches. A code with `_` or `.` in it (`in_review`, `audit.search`) cannot be prose and is
// looked for on every page; a plain word (`received`, `note`, `paper`) can be English
// prose, so it is looked for only on Japanese pages (`<html lang="ja">`), where a lone
// English word next to Japanese text is a code that escaped its label.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { loadVersions } from './data';

export * from '@playwright/test';

type Code = { kind: string; code: string; pattern: RegExp; prose: boolean };

function codes(): Code[] {
  const fromEnums = JSON.parse(fs.readFileSync(path.join(__dirname, 'stored-codes.json'), 'utf8')) as Record<string, string[]>;
  const pairs: [string, string][] = Object.entries(fromEnums).flatMap(([kind, list]) => list.map((c): [string, string] => [kind, c]));
  for (const v of loadVersions()) {
    const p = v.publication as unknown as { categories: { id: string }[]; procedure?: { delivery_methods?: { id: string }[] } };
    for (const c of p.categories) pairs.push(['publication_category', c.id]);
    for (const m of p.procedure?.delivery_methods ?? []) pairs.push(['publication_method', m.id]);
  }
  const seen = new Set<string>();
  return pairs
    .filter(([, c]) => !seen.has(c) && (seen.add(c), true))
    .map(([kind, code]) => {
      const escaped = code.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      return {
        kind,
        code,
        pattern: new RegExp(`(?<![A-Za-z0-9_./@?&-])${escaped}(?![A-Za-z0-9_/@=-]|\\.[A-Za-z0-9])`),
        prose: !/[._]/.test(code),
      };
    });
}

const CODES = codes();

/** The stored codes visible in a page's text, each with a little of its context. */
export function visibleCodes(text: string, lang: string): string[] {
  const japanese = lang.startsWith('ja');
  return CODES.filter((c) => (!c.prose || japanese) && c.pattern.test(text)).map((c) => {
    const at = text.search(c.pattern);
    const around = text.slice(Math.max(0, at - 20), at + c.code.length + 20).replace(/\s+/g, ' ');
    return `${c.kind} "${c.code}" in “…${around}…”`;
  });
}

/** What the watched pages showed that they should not, until a test's end reports it. */
const found = new Set<string>();
const pending: Promise<void>[] = [];
const watchedPages = new WeakSet<Page>();
const watchedContexts = new Set<BrowserContext>();

function scan(page: Page): void {
  const done = page
    .evaluate(() => ({
      url: location.pathname + location.search,
      type: document.contentType,
      lang: document.documentElement.lang,
      text: document.body ? document.body.innerText : '',
    }))
    .then((p) => {
      if (p.type !== 'text/html') return;
      for (const hit of visibleCodes(p.text, p.lang)) found.add(`${p.url}: ${hit}`);
    })
    .catch(() => undefined); // the page moved on or closed: its next load is scanned
  pending.push(done);
}

function watchPage(page: Page): void {
  if (watchedPages.has(page)) return;
  watchedPages.add(page);
  page.on('domcontentloaded', () => scan(page));
}

function watch(c: BrowserContext): void {
  if (watchedContexts.has(c)) return;
  watchedContexts.add(c);
  c.pages().forEach(watchPage);
  c.on('page', watchPage);
  c.on('close', () => watchedContexts.delete(c));
}

export const test = base.extend<{ storedCodeScan: void }, { storedCodeWatch: void }>({
  // For the whole worker: every context a spec opens itself (often in `beforeAll`, a member
  // and a staff member side by side) is watched from its first page on.
  storedCodeWatch: [
    async ({ browser }, use) => {
      const b = browser as Browser & { newContext: Browser['newContext']; newPage: Browser['newPage'] };
      const { newContext, newPage } = b;
      b.newContext = async (...args: Parameters<Browser['newContext']>) => {
        const c = await newContext.apply(browser, args);
        watch(c);
        return c;
      };
      b.newPage = async (...args: Parameters<Browser['newPage']>) => {
        const page = await newPage.apply(browser, args);
        watch(page.context());
        watchPage(page);
        return page;
      };
      await use();
      b.newContext = newContext;
      b.newPage = newPage;
    },
    { scope: 'worker', auto: true },
  ],
  // At each test's end: the pages still open are scanned once more, and whatever any
  // watched page showed since the last test's end fails this test.
  storedCodeScan: [
    async ({ context }, use) => {
      watch(context);
      await use();
      for (const c of watchedContexts) c.pages().forEach((p) => !p.isClosed() && scan(p));
      await Promise.all(pending.splice(0));
      const hits = [...found];
      found.clear();
      expect(hits, 'no stored code is visible on any page (docs/TESTING.md, the code scan)').toEqual([]);
    },
    { auto: true },
  ],
});
