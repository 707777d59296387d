// English complete: every text the portal itself writes has its English, so an English
// page shows Japanese only where it quotes what is not the portal's — the society's
// publication as published, and people's, places' and providers' names and the registry's
// values as held — each marked `lang="ja"` (which also lets a screen reader read it as
// Japanese), or as a Japanese term glossed inside an English sentence (「Branch (枝番)」:
// a text with more Latin letters than Japanese characters). Pages of every kind a member
// and a clerk use, in English, scanned for any other Japanese.
//
// The server runs on a database of its own.
import { expect, test, type Browser, type Page } from './support/test';
import { registerMember, setUpStaff } from './support/journeys';
import { ownServer } from './support/own-server';

test.describe.configure({ mode: 'default' });

const SERVER = ownServer(3120, '.tmp-english');
let clerk: Page;
let member: Page;

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: SERVER.url, viewport: { width: 1280, height: 800 } })).newPage();
}

/** From now on in English (set up in Japanese: the journeys' helpers read Japanese labels). */
async function inEnglish(page: Page): Promise<void> {
  await page.context().addCookies([{ name: 'lang', value: 'en', url: SERVER.url }]);
}

/** Visible text in Japanese script outside a `lang="ja"` element, with its place. */
async function japaneseOutsideQuotes(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const script = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]/;
    const found: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent ?? '';
      const parent = node.parentElement;
      if (!parent || !script.test(text)) continue;
      if (parent.closest('script, style, template, [hidden]')) continue;
      if (!parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true }) && !parent.closest('details')) continue;
      const lang = parent.closest('[lang]')?.getAttribute('lang') ?? '';
      if (lang.startsWith('ja')) continue;
      const latin = (text.match(/[A-Za-z]/g) ?? []).length;
      const japanese = (text.match(/[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff]/g) ?? []).length;
      if (latin > japanese) continue;
      const where = parent.closest('[id], [class]');
      found.push(`${where ? `${where.tagName.toLowerCase()}${where.id ? `#${where.id}` : `.${String(where.className).split(' ')[0]}`}` : parent.tagName}: ${text.trim().slice(0, 60)}`);
    }
    return found;
  });
}

/** Each page in English, and no Japanese outside quoted content on any (all listed at once). */
async function expectEnglish(page: Page, paths: string[]): Promise<void> {
  const hits: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    hits.push(...(await japaneseOutsideQuotes(page)).map((h) => `${path} ${h}`));
  }
  expect(hits, 'Japanese outside quoted content').toEqual([]);
}

test.beforeAll(async ({ browser }) => {
  await SERVER.start();
  clerk = await newPage(browser);
  member = await newPage(browser);
  await setUpStaff(clerk, 'S670', '受付 英子', ['intake', 'reviewer', 'approver', 'auditor'], 'every page in English please', SERVER.env);
  await registerMember(member, clerk, { symbol: '1001', number: '23', branch: '00', birth: '1980-01-15' }, 'the morning walk round the park');
  await inEnglish(clerk);
  await inEnglish(member);
});

test.afterAll(async () => {
  await SERVER.stop();
});

test('the public pages are in English', async () => {
  await expectEnglish(member, ['/', '/privacy', '/procedure', '/history', '/login', '/register']);
});

test("the member's pages are in English", async () => {
  await expectEnglish(member, ['/mypage', '/account', '/notices', '/requests', '/requests/new', '/requests/new/disclosure', '/requests/new/disclosure?step=what', '/requests/new/disclosure?step=how', '/requests/new/correction?step=what']);
});

test("the clerk's pages are in English", async () => {
  await expectEnglish(clerk, ['/staff', '/staff/requests', '/staff/reports', '/staff/audit']);
});
