// Journeys other specs start from: a staff member set up from the CLI, and a member
// registered by letter with the second factor enrolled.
import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';
import { addStaff, totp } from './auth';

/// Adds a staff member with the CLI and completes their setup; returns the TOTP secret.
export async function setUpStaff(
  page: Page,
  number: string,
  name: string,
  roles: string[],
  password: string,
  env: Record<string, string> = {},
): Promise<string> {
  const code = addStaff(number, name, roles, env);
  await page.goto('/staff/setup');
  await page.getByLabel('職員番号').fill(number);
  await page.getByLabel('設定コード').fill(code);
  await page.getByLabel('新しいパスワード', { exact: true }).fill(password);
  await page.getByLabel('新しいパスワード（確認のため、もう一度）').fill(password);
  await page.getByRole('button', { name: '次へ' }).click();
  const secret = (await page.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
  await page.getByLabel('確認コード（6桁）').fill(totp(secret));
  await page.getByRole('button', { name: '設定を完了する' }).click();
  await expect(page).toHaveURL(/\/staff$/);
  return secret;
}

/// A member asks for a letter, staff (signed in on `staffPage`) print and post it, and the
/// member registers and enrols; returns the member's TOTP secret.
export async function registerMember(
  memberPage: Page,
  staffPage: Page,
  key: { symbol: string; number: string; branch: string; birth: string },
  password: string,
): Promise<string> {
  const fillKey = async () => {
    await memberPage.getByLabel('記号', { exact: true }).fill(key.symbol);
    await memberPage.getByLabel('番号', { exact: true }).fill(key.number);
    await memberPage.getByLabel('枝番', { exact: true }).fill(key.branch);
  };
  await memberPage.goto('/register');
  await fillKey();
  await memberPage.getByLabel('生年月日').fill(key.birth);
  await memberPage.getByRole('button', { name: '登録コードを郵送してもらう' }).click();
  await expect(memberPage).toHaveURL(/\/register\/sent$/);
  await staffPage.goto('/staff/letters');
  await staffPage.locator(`tr[data-letter-key="${key.symbol}-${key.number}-${key.branch}"]`).last().getByRole('button', { name: /印刷する/ }).click();
  const code = (await staffPage.locator('[data-letter-code]').textContent())?.trim() ?? '';
  await staffPage.getByRole('button', { name: '郵送済みにする' }).click();
  await memberPage.goto('/register/complete');
  await fillKey();
  await memberPage.getByLabel('お手紙のコード').fill(code);
  await memberPage.getByLabel('新しいパスワード', { exact: true }).fill(password);
  await memberPage.getByLabel('新しいパスワード（確認のため、もう一度）').fill(password);
  await memberPage.getByRole('button', { name: '次へ' }).click();
  await expect(memberPage).toHaveURL(/\/account\/second-factor$/);
  const secret = (await memberPage.locator('[data-totp-secret]').getAttribute('data-totp-secret')) ?? '';
  await memberPage.getByLabel('確認コード（6桁）').fill(totp(secret));
  await memberPage.getByRole('button', { name: '設定を完了する' }).click();
  await expect(memberPage).toHaveURL(/\/account\/recovery-codes$/);
  return secret;
}

/// No serious or critical axe-core violations on the page as it is now.
export async function expectAccessible(page: Page, what: string): Promise<void> {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious, `axe on ${what}`).toEqual([]);
}

/** Records a request's fee as paid today (the date the form proposes) by bank transfer, as a
 * clerk does when the money arrives; the decision reads it from there. */
export async function payFee(staff: Page, receipt: string): Promise<void> {
  await staff.goto(`/staff/requests/${receipt}`);
  const fee = staff.locator('section#fee');
  await fee.getByLabel('お支払い方法').selectOption('bank_transfer');
  await fee.getByRole('button', { name: 'お支払いを記録する' }).click();
  await expect(staff.locator('section#fee')).toHaveAttribute('data-fee-state', 'paid');
}

/** Signs a member out from the header's menu (a disclosure that opens without JavaScript). */
export async function signOut(member: Page): Promise<void> {
  await member.locator('.site-menu summary').click();
  await member.getByRole('button', { name: 'ログアウト' }).click();
}

/** The member's request form in steps: 「次へ」 to the next step, which must come (a
 * refused step stays, with its reason, and fails here with that reason). */
export async function nextStep(member: Page): Promise<void> {
  const before = await member.locator('form[data-step]').getAttribute('data-step');
  await member.getByRole('button', { name: '次へ', exact: true }).click();
  await member.waitForLoadState();
  const errors = member.locator('.field__error');
  if ((await errors.count()) > 0) throw new Error(`the ${before} step was refused: ${await errors.allInnerTexts()}`);
  await expect(member.locator('form[data-step]').first()).not.toHaveAttribute('data-step', before ?? '');
}

/** 「次へ」 until the confirmation page of the request form shows. */
export async function toConfirmation(member: Page): Promise<void> {
  while ((await member.locator('[data-confirm]').count()) === 0) await nextStep(member);
}

/** From any step of the request form: on to the confirmation, then 「この内容で申し出る」;
 * returns the receipt number the request page shows. */
export async function sendRequest(member: Page): Promise<string> {
  await toConfirmation(member);
  await member.getByRole('button', { name: 'この内容で申し出る' }).click();
  await expect(member).toHaveURL(/\/requests\/\d{8}-\d{4,}\?submitted=1$/);
  return (await member.locator('[data-receipt]').first().getAttribute('data-receipt')) ?? '';
}

/** On the 「どなたの」 step: opens 「ご家族など…」 and chooses `who`. */
export async function chooseSomeoneElse(member: Page, who: RegExp): Promise<void> {
  await member.locator('.choice__more > summary').click();
  await member.getByLabel(who).check();
}

/// The reviewer builds a 開示's package with the address withheld (33条2項2号) and drafts
/// 一部開示 with that ground and `reason`, which then waits for a 責任者's approval.
export async function draftPartialDisclosure(reviewer: Page, receipt: string, reason: string): Promise<void> {
  await reviewer.goto(`/staff/requests/${receipt}/package`);
  await reviewer.getByRole('button', { name: '開示資料の作成を始める' }).click();
  await reviewer.locator('#tools-records > summary').click();
  const address = reviewer.locator('tr[data-item="registry.address"]');
  await address.getByLabel(/住所 を開示しない根拠/).selectOption('business');
  await address.getByRole('button', { name: '開示しない' }).click();
  await expect(reviewer.locator('ul.withheld .withheld__item')).toHaveText('資格情報: 住所');
  await reviewer.goto(`/staff/requests/${receipt}`);
  await reviewer.getByLabel('一部開示').check();
  await reviewer.getByLabel('根拠').selectOption('33-2-2');
  await reviewer.getByLabel(/理由・対応内容/).fill(reason);
  await reviewer.getByRole('button', { name: /決定を登録する/ }).click();
  await expect(reviewer.locator('.decision__by')).toContainText('責任者の承認待ち');
}
