// 医療費のお知らせ in the browser. The 山吹 household's 被保険者 sees his own and his
// minor daughter's lines but not his wife's until she consents in her own session; staff
// record a paper consent for the 紅葉 household; the yearly statement carries the six
// items with the numbers masked, and its PDF, xlsx and CSV are opened with libraries and
// read back; staff import a file with a progress bar and a line-by-line report. The page
// opens on the last complete year with the statement first (on a phone's first screen),
// one line per month that opens on a tap, and marks a year that is not complete.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type ConsoleMessage, expect, test, type Locator, type Page } from './support/test';
import ExcelJS from 'exceljs';
import { DEMO_DIR } from './support/data';
import { E2E_DIR } from './support/auth';
import { expectAccessible, registerMember, setUpStaff } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'notices for the household';
let clerk: Page;
let admin: Page;
let kenichi: Page;
let yumi: Page;
let makoto: Page;

/** The demo file's lines, as the レセプト system exported them. */
const DEMO_LINES = fs
  .readFileSync(path.join(DEMO_DIR, 'notices.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((l) => l.split(','));

function linesOf(card: string, year: number): string[][] {
  return DEMO_LINES.filter((f) => `${f[0]}-${f[1]}-${f[2]}` === card && f[3].startsWith(`${year}-`));
}

/** The newest year with lines for any of these people. */
function latestYear(...cards: string[]): number {
  const months = DEMO_LINES.filter((f) => cards.includes(`${f[0]}-${f[1]}-${f[2]}`)).map((f) => f[3]);
  return Number(months.sort().at(-1)?.slice(0, 4));
}

/** This year in Tokyo (the servers here run on the real clock). */
const THIS_YEAR = Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Tokyo', year: 'numeric' }).format(new Date()));

/** The page's default: the last complete year, or the newest year with lines if these
 * people have none in it. */
function defaultYear(...cards: string[]): number {
  return cards.some((c) => linesOf(c, THIS_YEAR - 1).length > 0) ? THIS_YEAR - 1 : latestYear(...cards);
}

const YAMABUKI = ['1004-5-00', '1004-5-02'];
const YEAR = defaultYear(...YAMABUKI);
/** The page's height at 360 px for the demo year, every month folded: 4,183 px measured
 * here (it was 15,300 px with every bill as a card of its own). */
const PHONE_PAGE_HEIGHT = 5_000;

test.beforeAll(async ({ browser }) => {
  const page = async () => (await browser.newContext({ acceptDownloads: true })).newPage();
  [clerk, admin, kenichi, yumi, makoto] = await Promise.all([page(), page(), page(), page(), page()]);
  await setUpStaff(clerk, 'S600', '窓口 七子', ['intake'], PASSWORD);
  await setUpStaff(admin, 'S601', '情報 八郎', ['admin'], PASSWORD);
  await registerMember(kenichi, clerk, { symbol: '1004', number: '5', branch: '00', birth: '1978-07-07' }, PASSWORD);
  await registerMember(yumi, clerk, { symbol: '1004', number: '5', branch: '01', birth: '1980-02-14' }, PASSWORD);
  await registerMember(makoto, clerk, { symbol: '1005', number: '8', branch: '00', birth: '1962-12-24' }, PASSWORD);
});

test('the insured sees his own and his minor daughter’s lines, not his wife’s', async () => {
  await kenichi.goto('/mypage');
  await kenichi.getByRole('link', { name: /医療費のお知らせを見る/ }).click();
  await expect(kenichi).toHaveURL(/\/notices$/);
  await expect(kenichi.locator('h1')).toHaveText('医療費のお知らせ');
  // The last complete year, as the year a tax return is filed for.
  expect(YEAR).toBe(THIS_YEAR - 1);
  await expect(kenichi.getByLabel('年', { exact: true })).toHaveValue(String(YEAR));
  await expect(kenichi.locator('[data-partial]')).toHaveCount(0);
  const expected = YAMABUKI.flatMap((c) => linesOf(c, YEAR));
  await expect(kenichi.locator('.notice-line')).toHaveCount(expected.length);
  const members = new Set(await kenichi.locator('.notice-line').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-member'))));
  expect(members.size).toBe(2);
  await expect(kenichi.locator('[data-hidden]')).toContainText('山吹 由美');
  await expect(kenichi.locator('[data-hidden]')).toContainText('ご本人の同意が必要');
  await expect(kenichi.locator('.notice-line', { hasText: '山吹 由美' })).toHaveCount(0);
  // The year's totals: every line counted, the 窓口負担額 summed.
  const yearTotals = kenichi.locator('[data-totals="all"]');
  await expect(yearTotals).toContainText(`${expected.length}`);
  await expect(yearTotals).toContainText(`${expected.reduce((sum, f) => sum + Number(f[8]), 0).toLocaleString('en')}円`);
  // The caveats, and the chart with its text alternative.
  await expect(kenichi.locator('main')).toContainText('窓口で支払った額と異なることがあります');
  await expect(kenichi.locator('main')).toContainText('およそ3か月');
  const chart = kenichi.getByRole('img', { name: `${YEAR}年 月別の窓口負担額` });
  await expect(chart).toBeVisible();
  await expect(chart.locator('rect.chart__bar')).toHaveCount(12);
  const total = expected.reduce((sum, f) => sum + Number(f[8]), 0);
  const charted = await chart.locator('rect.chart__bar').evaluateAll((bars) => bars.reduce((s, b) => s + Number(b.getAttribute('data-amount')), 0));
  expect(charted).toBe(total);
  await expectAccessible(kenichi, 'notices');
  await kenichi.setViewportSize({ width: 360, height: 740 });
  const overflow = await kenichi.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await kenichi.setViewportSize({ width: 1280, height: 720 });
});

/** How far below the top of the page an element ends, in CSS pixels. */
async function bottomOf(locator: Locator): Promise<number> {
  return locator.evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
}

test('on a phone the first screen holds the statement to print and download; each month opens on a tap', async ({}, testInfo) => {
  await kenichi.setViewportSize({ width: 360, height: 740 });
  await kenichi.goto('/notices');
  await expect(kenichi.getByLabel('年', { exact: true })).toHaveValue(String(YEAR));
  const deduction = kenichi.locator('[data-deduction]');
  await expect(deduction.getByRole('heading', { level: 2 })).toHaveText(`${YEAR}年分の医療費控除`);
  for (const name of ['明細を表示・印刷する', '明細をPDFでダウンロード', '明細をCSVでダウンロード']) {
    const link = deduction.getByRole('link', { name });
    await expect(link).toBeVisible();
    expect(await bottomOf(link), `${name} on the first screen`).toBeLessThanOrEqual(740);
  }
  const overflow = await kenichi.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  // A whole year is a few screens (it was over 15,000 px with every bill as a card).
  const height = await kenichi.evaluate(() => document.documentElement.scrollHeight);
  expect(height).toBeLessThan(PHONE_PAGE_HEIGHT);

  // One line per month with bills: how many, what they cost, what was paid.
  const expected = YAMABUKI.flatMap((c) => linesOf(c, YEAR));
  const months = [...new Set(expected.map((f) => f[3]))].sort();
  const rows = kenichi.locator('details.month');
  await expect(rows).toHaveCount(months.length);
  for (const [i, month] of months.entries()) {
    const bills = expected.filter((f) => f[3] === month);
    const summary = rows.nth(i).locator('summary');
    await expect(rows.nth(i)).toHaveAttribute('data-month', month);
    await expect(summary).toContainText(`${Number(month.slice(5))}月`);
    await expect(summary).toContainText(`${bills.length}件`);
    await expect(summary).toContainText(`医療費 ${bills.reduce((s, f) => s + Number(f[7]), 0).toLocaleString('en')}円`);
    await expect(summary).toContainText(`窓口負担 ${bills.reduce((s, f) => s + Number(f[8]), 0).toLocaleString('en')}円`);
  }
  // The bills stay folded until a month is tapped.
  const first = rows.first();
  const bills = expected.filter((f) => f[3] === months[0]);
  await expect(first.locator('.notice-line').first()).toBeHidden();
  await first.locator('summary').click();
  await expect(first).toHaveAttribute('open', '');
  await expect(first.locator('.notice-line')).toHaveCount(bills.length);
  for (const [i, f] of bills.entries()) {
    const line = first.locator('.notice-line').nth(i);
    await expect(line).toBeVisible();
    await expect(line).toContainText(`${Number(f[8]).toLocaleString('en')}円`);
  }
  await expect(first.locator('.notice-line').first()).toContainText(/医療費総額.*窓口負担額.*給付金/);
  await expect(rows.nth(1).locator('.notice-line').first()).toBeHidden();
  await expectAccessible(kenichi, 'notices on a phone, a month open');
  await kenichi.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'notices-phone.png'), fullPage: true });
  await kenichi.setViewportSize({ width: 1280, height: 720 });
  await kenichi.screenshot({ path: testInfo.outputPath('notices-desktop.png'), fullPage: true });
});

test('his wife consents in her own session, and then he sees her lines', async () => {
  await yumi.goto('/notices');
  await expect(yumi.getByLabel('年', { exact: true })).toHaveValue(String(defaultYear('1004-5-01')));
  await expect(yumi.locator('.notice-line')).toHaveCount(linesOf('1004-5-01', defaultYear('1004-5-01')).length);
  await yumi.getByRole('link', { name: 'ご家族への表示の設定' }).click();
  await expect(yumi.locator('.sharing-now')).toContainText('表示していません');
  await expectAccessible(yumi, 'sharing setting');
  await yumi.getByRole('button', { name: '表示することに同意する' }).click();
  await expect(yumi.getByRole('status')).toContainText('設定を保存しました');
  await expect(yumi.locator('.sharing-now')).toContainText('ご本人の同意があります');

  await kenichi.goto(`/notices?year=${YEAR}`);
  const all = [...YAMABUKI, '1004-5-01'].flatMap((c) => linesOf(c, YEAR));
  await expect(kenichi.locator('.notice-line')).toHaveCount(all.length);
  await expect(kenichi.locator('.notice-line', { hasText: '山吹 由美' })).toHaveCount(linesOf('1004-5-01', YEAR).length);
});

test('the statement carries the six items with the numbers masked; its PDF, xlsx and CSV read back', async () => {
  await kenichi.goto(`/notices?year=${YEAR}`);
  await kenichi.getByRole('link', { name: '明細を表示・印刷する' }).click();
  await expect(kenichi.locator('h1')).toContainText(`${YEAR}年分・医療費控除用`);
  await expect(kenichi.locator('[data-item="insured"]')).toHaveText('山吹 健一');
  await expect(kenichi.locator('[data-item="insurer"]')).toContainText('健康保険組合');
  await expect(kenichi.locator('[data-item="insurer-number"]')).toHaveText('＊＊＊＊');
  await expect(kenichi.locator('[data-item="card"]')).toHaveText('＊＊＊＊');
  // A complete year: nothing says otherwise; the print button shows once the page runs.
  await expect(kenichi.locator('[data-partial]')).toHaveCount(0);
  await expect(kenichi.getByRole('button', { name: '印刷する' })).toBeVisible();
  for (const header of ['療養を受けた年月', '療養を受けた者', '医療機関等の名称', '支払った医療費の額']) {
    await expect(kenichi.locator('table.statement__lines thead')).toContainText(header);
  }
  const main = (await kenichi.locator('main').textContent()) ?? '';
  expect(main).not.toContain('06139999');
  expect(main).not.toMatch(/1004[-・ ]5/);
  await expectAccessible(kenichi, 'statement');

  const rows = [...YAMABUKI, '1004-5-01'].flatMap((c) => linesOf(c, YEAR));
  const download = async (name: RegExp) => {
    await kenichi.goto(`/notices?year=${YEAR}`);
    // The 集計フォーム is for those who itemise receipts: folded under its own heading.
    if (String(name).includes('集計フォーム')) await kenichi.locator('[data-deduction] summary').click();
    const [file] = await Promise.all([kenichi.waitForEvent('download'), kenichi.getByRole('link', { name }).click()]);
    return fs.readFileSync((await file.path()) ?? '');
  };

  const pdf = await download(/明細をPDFでダウンロード/);
  expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(pdf), useSystemFonts: false }).promise;
  let text = '';
  for (let n = 1; n <= doc.numPages; n++) {
    const content = await (await doc.getPage(n)).getTextContent();
    text += content.items.map((i) => ('str' in i ? i.str : '')).join('\n');
  }
  for (const expected of ['被保険者等の氏名', '山吹 健一', '保険者等の名称', '療養を受けた者', '山吹 陽菜', '山吹 由美', '＊＊＊＊', '両方で申告しないでください']) {
    expect(text, expected).toContain(expected);
  }
  expect(text).toContain(rows[0][4].slice(0, 8));
  expect(text).not.toContain('06139999');

  const xlsx = await download(/医療費集計フォーム（Excel形式）/);
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(xlsx);
  const sheet = book.getWorksheet('医療費集計フォーム');
  expect(sheet).toBeTruthy();
  expect(String(sheet?.getCell('A2').value)).toContain('両方で申告しないでください');
  const header = (sheet?.getRow(5).values as unknown[]).slice(1);
  expect(header).toEqual(['医療を受けた人', '病院・薬局などの名称', '診療・治療', '医薬品購入', '介護保険サービス', 'その他の医療費', '支払った医療費の金額', '左のうち、補てんされる金額', '支払年月日']);
  const data: unknown[][] = [];
  sheet?.eachRow((row, n) => { if (n > 5) data.push((row.values as unknown[]).slice(1)); });
  expect(data.length).toBe(rows.length);
  const pharmacy = data.find((r) => r[3] === '該当する');
  expect(pharmacy, 'a pharmacy line is marked 医薬品購入').toBeTruthy();
  expect(data.reduce((s, r) => s + Number(r[6]), 0)).toBe(rows.reduce((s, f) => s + Number(f[8]), 0));

  const csv = (await download(/明細をCSVでダウンロード/)).toString('utf8');
  expect(csv.replace(/^\uFEFF/, '').split('\r\n')[0]).toContain('被保険者等の氏名,療養を受けた年月,療養を受けた者,医療機関等の名称');
  expect(csv.trim().split('\r\n').length).toBe(rows.length + 1);
  expect(csv).not.toContain('06139999');
});

test('a year that is not over yet is marked on the page, its statement and its PDF', async ({ browser }, testInfo) => {
  // The newest month of care any bill reached the society for.
  const reach = DEMO_LINES.map((f) => f[3]).sort().at(-1) ?? '';
  const words = reach.startsWith(`${THIS_YEAR}-`)
    ? `${THIS_YEAR}年はまだ終わっていないため、この明細は${THIS_YEAR}年${Number(reach.slice(5))}月診療分までの途中のものです`
    : `${THIS_YEAR}年はまだ終わっていないため、この明細は途中のものです`;
  await kenichi.setViewportSize({ width: 360, height: 740 });
  await kenichi.goto(`/notices?year=${THIS_YEAR}`);
  const marked = kenichi.locator('[data-partial]');
  await expect(marked).toContainText(words);
  await expect(marked).toContainText('確定申告に使えない場合があります');
  expect(await bottomOf(marked), 'said on the first screen').toBeLessThanOrEqual(740);
  // The print button is an island: it hydrates without an error (a CSP violation is one).
  const errors: string[] = [];
  const onConsole = (msg: ConsoleMessage) => { if (msg.type() === 'error') errors.push(msg.text()); };
  kenichi.on('console', onConsole);
  await kenichi.getByRole('link', { name: '明細を表示・印刷する' }).click();
  await expect(kenichi.locator('h1')).toContainText(`${THIS_YEAR}年分・医療費控除用`);
  await expect(kenichi.locator('.statement [data-partial]')).toContainText(words);
  await expect(kenichi.getByRole('button', { name: '印刷する' })).toBeVisible();
  kenichi.off('console', onConsole);
  expect(errors).toEqual([]);
  const overflow = await kenichi.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await expectAccessible(kenichi, 'a partial year’s statement');
  await kenichi.screenshot({ path: testInfo.outputPath('statement-phone.png'), fullPage: true });
  await kenichi.setViewportSize({ width: 1280, height: 720 });
  await kenichi.screenshot({ path: testInfo.outputPath('statement-desktop.png'), fullPage: true });
  await kenichi.emulateMedia({ media: 'print' });
  await kenichi.screenshot({ path: testInfo.outputPath('statement-print.png'), fullPage: true });
  await expect(kenichi.getByRole('button', { name: '印刷する' })).toBeHidden();
  await expect(kenichi.locator('.statement [data-partial]')).toBeVisible();
  await kenichi.emulateMedia({ media: 'screen' });

  // The PDF says it too.
  await kenichi.goto(`/notices?year=${THIS_YEAR}`);
  const [file] = await Promise.all([kenichi.waitForEvent('download'), kenichi.getByRole('link', { name: /明細をPDFでダウンロード/ }).click()]);
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await pdfjs.getDocument({ data: new Uint8Array(fs.readFileSync((await file.path()) ?? '')), useSystemFonts: false }).promise;
  const content = await (await doc.getPage(1)).getTextContent();
  expect(content.items.map((i) => ('str' in i ? i.str : '')).join('')).toContain(`${THIS_YEAR}年はまだ終わっていないため`);

  // Without JavaScript: the months still open, and the statement offers no button that
  // could do nothing, but says how to print.
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await kenichi.context().storageState() });
  const page = await context.newPage();
  await page.goto('/notices');
  const first = page.locator('details.month').first();
  await first.locator('summary').click();
  await expect(first.locator('.notice-line').first()).toBeVisible();
  await page.getByRole('link', { name: '明細を表示・印刷する' }).click();
  await expect(page.locator('h1')).toContainText(`${YEAR}年分・医療費控除用`);
  await expect(page.locator('[data-partial]')).toHaveCount(0);
  await expect(page.getByRole('button', { name: '印刷する' })).toBeHidden();
  await expect(page.locator('.statement__actions')).toContainText('ブラウザーの印刷機能');
  await context.close();
});

test('staff record a paper consent for another household, and its 被保険者 sees her lines', async () => {
  await makoto.goto(`/notices?year=${latestYear('1005-8-00', '1005-8-01')}`);
  await expect(makoto.locator('[data-hidden]')).toContainText('紅葉 和子');
  await clerk.goto('/staff');
  await clerk.getByRole('link', { name: /書面の同意/ }).click();
  await expect(clerk).toHaveURL(/\/staff\/notices$/);
  await clerk.getByRole('button', { name: '記録する' }).click();
  await expect(clerk.locator('#f-key-error')).toBeVisible();
  await clerk.getByLabel('ご本人（署名した方）の記号・番号・枝番').fill('1005-8-01');
  await clerk.getByLabel('内容').selectOption('consent');
  await clerk.getByLabel('書面の日付').fill('2026-11-20');
  await clerk.getByRole('button', { name: '記録する' }).click();
  await expect(clerk.getByRole('status')).toContainText('記録しました');
  await expectAccessible(clerk, 'paper consent');

  await makoto.reload();
  await expect(makoto.locator('.notice-line', { hasText: '紅葉 和子' }).first()).toBeAttached();
  await expect(makoto.locator('[data-hidden]')).toHaveCount(0);
});

test('another household’s person and a year out of range are refused in plain words', async () => {
  await makoto.goto(`/notices?year=${latestYear('1005-8-00', '1005-8-01')}`);
  const kazuko = await makoto.locator('.notice-line', { hasText: '紅葉 和子' }).first().getAttribute('data-member');
  await kenichi.goto(`/notices?person=${kazuko}`);
  await expect(kenichi.locator('#f-person-error')).toContainText('この方の医療費のお知らせは表示できません');
  await expect(kenichi.locator('main')).not.toContainText('紅葉');
  await kenichi.goto('/notices?year=2015');
  await expect(kenichi.locator('#f-year-error')).toContainText('今年と過去5年分');
});

test('staff import a file with a progress bar; a bad file is refused line by line', async () => {
  await admin.goto('/staff');
  await admin.getByRole('link', { name: /医療費のお知らせの取込み/ }).click();
  await expect(admin).toHaveURL(/\/staff\/notices\/import$/);
  await expectAccessible(admin, 'import page');
  const header = '記号,番号,枝番,診療年月,医療機関等名称,区分,日数,医療費総額,窓口負担額,高額療養費,付加給付';
  const bad = `${header}\n1004,5,00,2026-07,やまぶき内科（架空）,医科外来,1,5000,1500,0,0\n1004,5,00,2026-07,やまぶき薬局（架空）,鍼灸,1,-100,30,0,0\n9999,1,00,2026-07,どこか医院,歯科,1,5000,1500,0,0\n`;
  await admin.getByLabel('CSVファイル').setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(bad) });
  await admin.getByRole('button', { name: '取り込む' }).click();
  await expect(admin).toHaveURL(/job=\d+/);
  await expect(admin.locator('.import-problems li')).toHaveCount(2, { timeout: 15_000 });
  await expect(admin.locator('.import-problems')).toContainText('3行目: 「区分」の形式が正しくありません');
  await expect(admin.locator('.import-problems')).toContainText('4行目: その記号・番号・枝番の方は資格情報にありません');
  await expect(admin.getByRole('alert')).toContainText('1行も登録していません');

  const good = `${header}\n1004,5,00,2026-07,やまぶき内科（架空）,医科外来,1,5000,1500,0,0\n`;
  await admin.getByLabel('CSVファイル').setInputFiles({ name: 'good.csv', mimeType: 'text/csv', buffer: Buffer.from(good) });
  await admin.getByRole('button', { name: '取り込む' }).click();
  await expect(admin.locator('.notice--ok')).toContainText('取込完了: 1 行（新規 1 件', { timeout: 15_000 });
  await expect(admin.locator('progress')).toHaveAttribute('value', '100');
  await kenichi.goto('/notices?year=2026');
  await expect(kenichi.locator('.notice-line', { hasText: 'やまぶき内科(架空)' }).first()).toBeAttached();
});
