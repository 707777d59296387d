// A 開示 carried out, in the browser: the reviewer builds the package and withholds the
// address under 33条2項2号; the approver sees exactly what will be delivered and approves;
// the member, twenty minutes later (a server whose clock is set ahead, on the same
// database), is asked to confirm it is them, reads the PDF summary on a 360 px phone (its
// text read back), sees in the letter where and until when, downloads the archive, and
// it holds their data and none of their child's; fifteen days later the download is
// refused with an explanation.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { expect, test, type Browser, type Page } from './support/test';
import { E2E_DIR, PUBLISHING_ENV, PUBLISHING_URL, SERVER_ENV, totp } from './support/auth';
import { expectAccessible, payFee, registerMember, setUpStaff, sendRequest, nextStep } from './support/journeys';
import { pdfText } from './support/pdf';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'the package is mine to read';
const REASON = '住所は、業務の適正な実施に著しい支障を及ぼすおそれがあるため開示しません。';
let reviewer: Page;
let approver: Page;
let member: Page;
let memberSecret = '';
let receipt = '';
let ticketUrl = '';

async function newPage(browser: Browser, baseURL = PUBLISHING_URL): Promise<Page> {
  // The decision journey runs at a desktop's 1280 px.
  return (await browser.newContext({ baseURL, acceptDownloads: true, viewport: { width: 1280, height: 800 } })).newPage();
}

/// The same portal and database, with its clock `aheadMs` in the future.
/// Stopped with SIGKILL and awaited: a server left running (a browser keeps its connection
/// open, so a graceful stop would wait) would share the database with the next specs.
async function laterServer(port: number, aheadMs: number): Promise<{ url: string; stop: () => Promise<void> }> {
  const now = new Date(Date.now() + aheadMs).toISOString();
  const child: ChildProcess = spawn('../target/release/server', [], {
    cwd: E2E_DIR,
    env: { ...process.env, ...SERVER_ENV, ...PUBLISHING_ENV, LEPTOS_SITE_ADDR: `127.0.0.1:${port}`, MADOGUCHI_FIXED_NOW: now },
    stdio: 'ignore',
  });
  const url = `http://127.0.0.1:${port}`;
  await expect
    .poll(async () => fetch(`${url}/healthz`).then((r) => r.status).catch(() => 0), { timeout: 30_000 })
    .toBe(200);
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await exited;
  };
  return { url, stop };
}

/// The files of a ZIP archive (stored or deflated), by name.
function unzip(buf: Buffer): Map<string, string> {
  const files = new Map<string, string>();
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLen = buf.readUInt16LE(at + 28);
    const extra = buf.readUInt16LE(at + 30);
    const comment = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    const dataAt = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataAt, dataAt + size);
    files.set(name, (method === 8 ? inflateRawSync(raw) : raw).toString('utf8'));
    at += 46 + nameLen + extra + comment;
  }
  return files;
}

/// Providers in the demo notices of one person (記号,番号,枝番) for a period.
function providers(key: string, from: string, to: string): Set<string> {
  const lines = readFileSync(path.join(E2E_DIR, '..', 'server', 'demo', 'notices.csv'), 'utf8').split('\n').slice(1);
  return new Set(
    lines
      .map((l) => l.split(','))
      .filter((c) => c.slice(0, 3).join(',') === key && c[3] >= from && c[3] <= to)
      .map((c) => c[4]),
  );
}

test.beforeAll(async ({ browser }) => {
  [reviewer, approver] = await Promise.all([newPage(browser), newPage(browser)]);
  await setUpStaff(reviewer, 'S810', '審査 十二', ['intake', 'reviewer'], PASSWORD, PUBLISHING_ENV);
  await setUpStaff(approver, 'S811', '責任 十三', ['approver'], PASSWORD, PUBLISHING_ENV);
  member = await newPage(browser);
  memberSecret = await registerMember(member, reviewer, { symbol: '1003', number: '7', branch: '00', birth: '1975-03-03' }, PASSWORD);
  await member.goto('/requests/new/disclosure?step=what');
  // レセプト go through a 照会 and come as copies from the core system (receipts.spec.ts):
  // this package is the portal's own data.
  await member.getByLabel('資格に関する情報').check();
  await nextStep(member);
  await member.getByLabel(/電磁的記録の提供/).check();
  receipt = await sendRequest(member);
});

test('the reviewer builds the package and withholds the address under 33条2項2号', async ({}, testInfo) => {
  await reviewer.goto(`/staff/requests/${receipt}`);
  await reviewer.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await expect(reviewer.locator('.stage')).toHaveText('審査中');
  // Deciding to disclose before the package exists is refused next to the choice.
  await payFee(reviewer, receipt);
  await reviewer.getByLabel('一部開示').check();
  await reviewer.getByLabel('根拠').selectOption('33-2-2');
  await reviewer.getByLabel(/理由・対応内容/).fill(REASON);
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('.field__error').first()).toContainText('開示資料');

  await reviewer.getByRole('link', { name: '開示資料を開く' }).click();
  await expect(reviewer).toHaveURL(new RegExp(`/staff/requests/${receipt}/package$`));
  await reviewer.getByRole('button', { name: '開示資料の作成を始める' }).click();
  await expect(reviewer.locator('[data-package-status="open"]')).toBeVisible();
  // At the top, what the member will receive, in the way they chose; the tools are folded.
  const receive = reviewer.locator('#receive');
  await expect(receive).toContainText('電磁的記録の提供（ポータルでダウンロード）');
  await expect(receive.locator('[data-receive-section="registry"]')).toHaveText(/^資格情報：\d+件$/);
  await expect(receive.locator('ul.withheld')).toHaveCount(0);
  await expect(receive).toContainText('ありません（全部開示）');
  const address = reviewer.locator('tr[data-item="registry.address"]');
  await expect(address).toBeHidden();
  await reviewer.locator('#tools-records > summary').click();
  await expect(address).toContainText('桜丘九丁目');
  await address.getByLabel(/住所 を開示しない根拠/).selectOption('business');
  await address.getByRole('button', { name: '開示しない' }).click();
  // Back on the row it changed (the fragment opens the folded tools).
  await expect(reviewer.locator('tr[data-item="registry.address"]')).toContainText('33条2項2号');
  await expect(reviewer.locator('ul.withheld .withheld__item')).toHaveText('資格情報: 住所');
  await expect(reviewer.locator('ul.withheld')).toContainText('33条2項2号（当組合の業務の適正な実施に著しい支障');
  await expect(receive.locator('[data-receive-section="registry"]')).toHaveText(/^資格情報：\d+件（ほかに1件は開示しない）$/);
  await reviewer.screenshot({ path: testInfo.outputPath('package-desktop.png'), fullPage: true });
  await expectAccessible(reviewer, 'the staff package page');

  await reviewer.goto(`/staff/requests/${receipt}`);
  await reviewer.getByLabel('一部開示').check();
  await reviewer.getByLabel('根拠').selectOption('33-2-2');
  await reviewer.getByLabel(/理由・対応内容/).fill(REASON);
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('.decision__by')).toContainText('責任者の承認待ち');
});

test('the approver sees exactly what will be delivered, and approves it', async () => {
  await approver.goto(`/staff/requests/${receipt}/package`);
  await expect(approver.locator('[data-package-status="frozen"]')).toBeVisible();
  await expect(approver.locator('ul.archive')).toContainText('summary.html');
  await expect(approver.locator('ul.archive')).toContainText('summary.pdf');
  await expect(approver.locator('ul.archive')).toContainText('csv/registry.csv');
  // No exclusion form on a frozen package.
  await expect(approver.getByRole('button', { name: '開示しない' })).toHaveCount(0);
  // The summary holds what the member wrote: it comes as a file, never as a portal page.
  const [download] = await Promise.all([
    approver.waitForEvent('download'),
    approver.getByRole('link', { name: '開示資料の一覧（印刷用）をダウンロード' }).first().click(),
  ]);
  expect(download.suggestedFilename()).toBe(`kaiji-${receipt}-summary.html`);
  const summary = readFileSync((await download.path()) ?? '', 'utf8');
  expect(summary).toContain('桜井 三郎');
  expect(summary).toContain('33条2項2号');
  expect(summary).not.toContain('桜丘九丁目');
  await approver.goto(`/staff/requests/${receipt}`);
  await approver.getByRole('button', { name: '承認して本人に通知する' }).click();
  await expect(approver.locator('.stage')).toHaveText('通知済');
});

test('an approved 訂正 stays 訂正手続中 until the core system\'s next import carries it, and the member is told', async () => {
  const corrected = '東京都渋谷区桜丘九丁目9番10号（架空）';
  await member.goto('/requests/new/correction?step=what');
  await member.getByLabel('訂正を求める項目').selectOption('address');
  await member.getByLabel('正しい内容').fill(corrected);
  await member.getByLabel('誤っている理由').fill('番地が違います。');
  const correction = await sendRequest(member);

  await reviewer.goto(`/staff/requests/${correction}`);
  await reviewer.getByRole('button', { name: '審査を始める（自分の担当にする）' }).click();
  await reviewer.getByLabel('訂正する', { exact: true }).check();
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('.stage')).toHaveText('通知済');

  // The portal's copy is unchanged; the member sees the correction under way.
  await member.goto(`/requests/${correction}`);
  await expect(member.locator('[data-correction="pending"]')).toContainText('訂正手続中');
  await reviewer.goto('/staff');
  await reviewer.getByRole('link', { name: '基幹システムへの指示（訂正・利用停止・消去）' }).click();
  await expect(reviewer.locator('#pending').locator('..')).toContainText(correction);
  await expectAccessible(reviewer, 'the corrections page');

  // The core system's next export carries the new address; the administrator imports it.
  const registry = readFileSync(path.join(E2E_DIR, '..', 'server', 'demo', 'registry.csv'), 'utf8')
    .split('\n')
    .map((l) => (l.startsWith('06139999,1003,7,00,') ? l.replace('東京都渋谷区桜丘九丁目9番9号（架空）', corrected) : l))
    .join('\n');
  const file = path.join(E2E_DIR, '.tmp-publishing', 'registry-next.csv');
  writeFileSync(file, registry);
  const out = execFileSync('../target/release/server', ['import-registry', file], {
    cwd: E2E_DIR,
    env: { ...process.env, ...SERVER_ENV, ...PUBLISHING_ENV },
    encoding: 'utf8',
  });
  expect(out).toContain('訂正の反映 1 件');

  await member.goto(`/requests/${correction}`);
  await expect(member.locator('[data-correction="done"]')).toContainText('訂正済み');
  await expect(member.locator('.timeline')).toContainText('第34条第3項');
  await expect(member.locator('.timeline')).toContainText('9番10号');
});

test('twenty minutes later the member confirms it is them and downloads their data, and none of their child’s', async () => {
  const later = await laterServer(3105, 20 * 60_000);
  try {
    // The member's session from signing up, twenty minutes on: still open, but not recent.
    await member.goto(`${later.url}/requests/${receipt}`);
    const pkg = member.locator('#package');
    await expect(pkg.locator('[data-download-until]')).toContainText(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}までダウンロードできます/);
    await expectAccessible(member, 'the request page with its package');
    await pkg.getByRole('button', { name: '内容を読む（PDF）' }).click();
    // Step-up: password and code again, then back to the request.
    await expect(member).toHaveURL(/\/account\/confirm\?next=/);
    await member.getByLabel('パスワード').fill(PASSWORD);
    await member.getByLabel('確認コード（6桁）').fill(totp(memberSecret, 40));
    await member.getByRole('button', { name: '確認する' }).click();
    await expect(member).toHaveURL(new RegExp(`/requests/${receipt}`));

    // On a phone: the two ways to get it and the deadline, in plain words.
    await member.setViewportSize({ width: 360, height: 800 });
    await expect(pkg.getByRole('button', { name: '内容を読む（PDF）' })).toBeVisible();
    await expect(pkg.getByRole('button', { name: 'すべてのファイル（ZIP：PDF・CSV・JSON）' })).toBeVisible();
    await pkg.scrollIntoViewIfNeeded();
    await member.screenshot({ path: path.join(E2E_DIR, 'screenshots', 'delivery-phone.png') });
    // The PDF summary opens on its own; its text is the member's data in Japanese, without
    // the withheld address.
    const gettingPdf = member.waitForEvent('download');
    await pkg.getByRole('button', { name: '内容を読む（PDF）' }).click();
    const pdfDownload = await gettingPdf;
    expect(pdfDownload.suggestedFilename()).toBe(`kaiji-${receipt}.pdf`);
    const pdf = readFileSync((await pdfDownload.path()) ?? '');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain('保有個人データの開示');
    expect(text).toContain('氏名：桜井 三郎');
    expect(text).toContain('1975-03-03');
    expect(text).toContain('33条2項2号');
    expect(text).not.toContain('桜丘九丁目');
    expect(text).not.toContain('桜井 健太');
    // Served as a PDF: the page's own request context asks for a ticket and follows it.
    const served = await member.request.post(`${later.url}/api/package/download`, {
      form: { receipt, file: 'summary.pdf' },
      headers: { Origin: later.url, Accept: 'text/html' },
    });
    expect(served.status()).toBe(200);
    expect(served.headers()['content-type']).toBe('application/pdf');
    expect((await served.body()).subarray(0, 5).toString('latin1')).toBe('%PDF-');
    // The decision letter says where and until when.
    await member.goto(`${later.url}/requests/${receipt}/letter`);
    await expect(member.locator('[data-letter-delivery="download"]')).toContainText('マイページの「お申し出」');
    await expect(member.locator('[data-letter-until]')).toContainText(/\d{4}年\d{1,2}月\d{1,2}日.* \d{2}:\d{2}まで/);
    await member.setViewportSize({ width: 1280, height: 800 });

    await member.goto(`${later.url}/requests/${receipt}`);
    const downloading = member.waitForEvent('download');
    await member.locator('#package').getByRole('button', { name: 'すべてのファイル（ZIP：PDF・CSV・JSON）' }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toBe(`kaiji-${receipt}.zip`);
    ticketUrl = new URL(download.url()).pathname;
    const files = unzip(readFileSync((await download.path()) ?? ''));
    expect([...files.keys()]).toEqual(expect.arrayContaining(['README.txt', 'summary.html', 'summary.pdf', 'data.json', 'csv/registry.csv']));
    const all = [...files.values()].join('\n');
    expect(all).toContain('桜井 三郎');
    expect(all).toContain('1975-03-03');
    expect(all).not.toContain('桜丘九丁目');
    expect(all).not.toContain('桜井 健太');
    expect(all).not.toContain('2008-12-01');
    const own = providers('1003,7,00', '2025-04', '2026-03');
    const childOnly = [...providers('1003,7,01', '2025-04', '2026-03')].filter((p) => !own.has(p));
    // No notice lines are delivered as レセプト, and nothing of the child's.
    expect(childOnly.length).toBeGreaterThan(0);
    expect([...files.keys()]).not.toContain('csv/notices.csv');
    for (const p of childOnly) expect(all).not.toContain(p);
    // The downloads are on record (the PDF twice, the archive), shown to the member; the
    // ticket was good once.
    await member.goto(`${later.url}/requests/${receipt}`);
    await expect(member.locator('ul.downloads li')).toHaveCount(3);
    expect((await member.request.get(`${later.url}${ticketUrl}`)).status()).toBe(410);
  } finally {
    await later.stop();
  }
});

test('after the download period the member is told it has ended, and the ticket is refused', async () => {
  const muchLater = await laterServer(3106, 15 * 86400_000);
  try {
    await member.goto(`${muchLater.url}/login`);
    await member.getByLabel('記号・番号・枝番、またはログインID').fill('1003-7-00');
    await member.getByLabel('パスワード').fill(PASSWORD);
    await member.getByLabel('確認コード（6桁）').fill(totp(memberSecret, 15 * 2880));
    await member.getByRole('button', { name: 'ログインする' }).click();
    await expect(member).not.toHaveURL(/\/login/);
    await member.goto(`${muchLater.url}/requests/${receipt}`);
    await expect(member.locator('#package [data-expired]')).toContainText('ダウンロードの期限が過ぎた');
    await expect(member.getByRole('button', { name: '内容を読む（PDF）' })).toHaveCount(0);
    await expect(member.getByRole('button', { name: /すべてのファイル/ })).toHaveCount(0);
    const res = await member.goto(`${muchLater.url}${ticketUrl}`);
    expect(res?.status()).toBe(410);
    await expect(member.locator('main')).toContainText('期限');
  } finally {
    await muchLater.stop();
  }
});
