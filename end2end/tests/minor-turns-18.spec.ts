// A parent asks, as 法定代理人, for their daughter's data; staff accept the 戸籍 document and
// decide to disclose. Before the 責任者 approves, the daughter turns 18 (a second server
// on the same database with its clock at the day after her birthday): the approval is
// refused, the package is not released to the parent, and the request ends as 却下 on the
// ground that the representation ended, in a letter the parent reads.
//
// Both servers run on a database of their own: the later one's upkeep, five years on,
// would dispose of what the other specs still use.
import { type ChildProcess, spawn } from 'node:child_process';
import { rmSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, test, type Browser, type Page } from './support/test';
import { E2E_DIR, SERVER_ENV, totp } from './support/auth';
import { payFee, registerMember, setUpStaff, chooseSomeoneElse, nextStep, toConfirmation } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PORT = 3107;
const URL = `http://127.0.0.1:${PORT}`;
const DIR = '.tmp-minor';
const ENV: Record<string, string> = {
  MADOGUCHI_DATABASE_URL: `sqlite://${DIR}/e2e.sqlite3`,
  MADOGUCHI_SECRET_KEY_FILE: `${DIR}/madoguchi.key`,
  MADOGUCHI_MAIL_DIR: `${DIR}/mail`,
  MADOGUCHI_AUDIT_CHECKPOINT_FILE: `${DIR}/audit-checkpoints.log`,
};
const PASSWORD = '山吹町の家族で話し合って';
const STAFF_PASSWORD = 'a child grows up in time';
/// 山吹 陽菜 (1004-5-02) was born on 2013-10-10: the day after her 18th birthday.
const AFTER_BIRTHDAY = Date.parse('2031-10-11T01:00:00Z');
const STEP_MS = 30_000;

async function server(aheadMs: number): Promise<{ stop: () => Promise<void> }> {
  const env: Record<string, string> = { ...SERVER_ENV, ...ENV, LEPTOS_SITE_ADDR: `127.0.0.1:${PORT}` };
  if (aheadMs > 0) {
    env.MADOGUCHI_FIXED_NOW = new Date(Date.now() + aheadMs).toISOString();
    // Years on, the demo's notices lie beyond their retention: they were imported already.
    delete env.MADOGUCHI_DEMO_NOTICES;
  }
  const child: ChildProcess = spawn('../target/release/server', [], { cwd: E2E_DIR, env: { ...process.env, ...env }, stdio: 'ignore' });
  await expect
    .poll(async () => fetch(`${URL}/healthz`).then((r) => r.status).catch(() => 0), { timeout: 30_000 })
    .toBe(200);
  return {
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: URL })).newPage();
}

test('a package decided for a minor is not released to the parent once she has turned 18', async ({ browser }) => {
  test.setTimeout(120_000);
  rmSync(path.join(E2E_DIR, DIR), { recursive: true, force: true });
  mkdirSync(path.join(E2E_DIR, DIR), { recursive: true });
  const now = await server(0);
  const [clerk, approver, parent] = await Promise.all([newPage(browser), newPage(browser), newPage(browser)]);
  let receipt = '';
  let secrets: { clerk: string; approver: string; parent: string };
  try {
    secrets = {
      clerk: await setUpStaff(clerk, 'S960', '審査 陽一', ['intake', 'reviewer'], STAFF_PASSWORD, ENV),
      approver: await setUpStaff(approver, 'S961', '責任者 陽子', ['approver'], STAFF_PASSWORD, ENV),
      parent: '',
    };
    secrets.parent = await registerMember(parent, clerk, { symbol: '1004', number: '5', branch: '00', birth: '1978-07-07' }, PASSWORD);
    // The parent asks for the daughter's data, with the 戸籍 document.
    await parent.goto('/requests/new/disclosure');
    await chooseSomeoneElse(parent, /山吹 陽菜の法定代理人（親権者）として/);
    await nextStep(parent);
    await parent.getByLabel('資格に関する情報').check();
    await nextStep(parent);
    await parent.getByLabel(/電磁的記録の提供/).check();
    await toConfirmation(parent);
    await parent
      .getByLabel(/戸籍謄抄本、または続柄が記載された住民票の写し/)
      .setInputFiles({ name: '戸籍抄本.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n') });
    await parent.getByRole('button', { name: 'この内容で申し出る' }).click();
    await expect(parent).toHaveURL(/\/requests\/\d{8}-\d{4,}\?submitted=1$/);
    receipt = (await parent.locator('[data-receipt]').first().getAttribute('data-receipt')) ?? '';
    // Staff accept the document, build the package and decide to disclose it all.
    await clerk.goto(`/staff/requests/${receipt}`);
    await clerk.getByRole('button', { name: '書類を確認済みにする' }).click();
    await expect(clerk.locator('.stage')).toHaveText('審査中');
    await clerk.goto(`/staff/requests/${receipt}/package`);
    await clerk.getByRole('button', { name: '開示資料の作成を始める' }).click();
    await clerk.goto(`/staff/requests/${receipt}`);
    await payFee(clerk, receipt);
    await clerk.getByLabel('全部開示').check();
    await clerk.getByRole('button', { name: /決定を登録する/ }).click();
    await expect(clerk.locator('.decision__by')).toContainText('責任者の承認待ち');
  } finally {
    await now.stop();
  }

  // The day after her 18th birthday.
  const ahead = AFTER_BIRTHDAY - Date.now();
  const steps = Math.round(ahead / STEP_MS);
  const later = await server(ahead);
  try {
    const signIn = async (page: Page, number: string, secret: string) => {
      await page.goto('/staff/login');
      await page.getByLabel('職員番号').fill(number);
      await page.getByLabel('パスワード').fill(STAFF_PASSWORD);
      await page.getByLabel('確認コード（6桁）').fill(totp(secret, steps));
      await page.getByRole('button', { name: 'ログインする' }).click();
      await expect(page).toHaveURL(/\/staff$/);
    };
    await signIn(approver, 'S961', secrets!.approver);
    await approver.goto(`/staff/requests/${receipt}`);
    await approver.getByRole('button', { name: '承認して本人に通知する' }).click();
    await expect(approver.locator('form[aria-labelledby="review"]')).toContainText('ご本人が18歳になり');
    await expect(approver.locator('.stage')).toHaveAttribute('data-status', 'pending_approval');

    // The parent, signing in, is offered nothing to download.
    await parent.goto('/login');
    await parent.getByLabel('記号・番号・枝番、またはログインID').fill('1004-5-00');
    await parent.getByLabel('パスワード').fill(PASSWORD);
    await parent.getByLabel('確認コード（6桁）').fill(totp(secrets!.parent, steps));
    await parent.getByRole('button', { name: 'ログインする' }).click();
    await expect(parent).not.toHaveURL(/\/login/);
    await parent.goto(`/requests/${receipt}`);
    await expect(parent.getByRole('button', { name: /内容を読む|すべてのファイル|資料をダウンロード/ })).toHaveCount(0);

    // Sent back, it ends as 却下 because the representation ended, once approved.
    await approver.locator('#f-note').fill('ご本人が18歳になったため、却下に改めてください。');
    await approver.getByRole('button', { name: '差し戻す' }).click();
    await expect(approver.locator('.stage')).toHaveAttribute('data-status', 'in_review');
    await signIn(clerk, 'S960', secrets!.clerk);
    await clerk.goto(`/staff/requests/${receipt}`);
    await clerk.getByLabel('却下', { exact: true }).check();
    await clerk.getByLabel('根拠').selectOption('37-representation-ended');
    await clerk.getByLabel(/理由・対応内容/).fill('陽菜さんが18歳になられたため、ご本人から改めてお申し出いただけます。');
    await clerk.getByRole('button', { name: /決定を登録/ }).click();
    await approver.goto(`/staff/requests/${receipt}`);
    await approver.getByRole('button', { name: '承認して本人に通知する' }).click();
    await expect(approver.locator('.stage')).toHaveText('却下');
    await parent.goto(`/requests/${receipt}`);
    await expect(parent.locator('.stage').first()).toHaveText('却下');
    await expect(parent.getByRole('button', { name: /内容を読む|すべてのファイル|資料をダウンロード/ })).toHaveCount(0);
    await parent.getByRole('link', { name: '決定通知書を表示・印刷する' }).click();
    await expect(parent.locator('article.letter')).toContainText('個人情報保護法第37条第3項');
  } finally {
    await later.stop();
  }
});
