// A member makes each of the six requests (one as 法定代理人 for their minor child),
// follows them in the list, answers a 補正依頼 that staff send, withdraws one, and makes
// a disclosure request with JavaScript turned off. On the third server: the one household
// whose 被保険者 has a child who stays a minor in real time is free there.
import { expect, test, type Browser, type Page } from './support/test';
import { PUBLISHING_ENV, PUBLISHING_URL, totp } from './support/auth';
import { expectAccessible, registerMember, setUpStaff, sendRequest, nextStep, toConfirmation, chooseSomeoneElse } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PASSWORD = '山吹の丘で待ち合わせ';
const STAFF_PASSWORD = 'reviewer passphrase at the desk';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

let staffPage: Page;
let memberPage: Page;
let memberSecret = '';
const receipts: Record<string, string> = {};

async function newPage(browser: Browser, javaScriptEnabled = true): Promise<Page> {
  const context = await browser.newContext({ javaScriptEnabled, baseURL: PUBLISHING_URL });
  return context.newPage();
}

/// Sends the form and returns the receipt number shown on the landing page.
async function send(page: Page, name: string): Promise<string> {
  await sendRequest(page);
  await expect(page.getByRole('status')).toContainText('お申し出を受け付けました');
  const receipt = (await page.locator('[data-receipt]').first().getAttribute('data-receipt')) ?? '';
  expect(receipt).toMatch(/^\d{8}-\d{4,}$/);
  receipts[name] = receipt;
  return receipt;
}

test.beforeAll(async ({ browser }) => {
  staffPage = await newPage(browser);
  memberPage = await newPage(browser);
  await setUpStaff(staffPage, 'S200', '受付 花子', ['intake', 'reviewer'], STAFF_PASSWORD, PUBLISHING_ENV);
  memberSecret = await registerMember(
    memberPage,
    staffPage,
    { symbol: '1004', number: '5', branch: '00', birth: '1978-07-07' },
    PASSWORD,
  );
});

test('the form explains the request, its fee and methods from the publication, and is accessible', async () => {
  await memberPage.goto('/requests/new');
  await expect(memberPage.getByRole('link', { name: '開示', exact: true })).toBeVisible();
  await memberPage.getByRole('link', { name: '開示', exact: true }).click();
  await expect(memberPage).toHaveURL(/\/requests\/new\/disclosure$/);
  // The steps this request has (this member may ask for a child, so 「どなたの」 first).
  await expect(memberPage.locator('.progress--steps li')).toHaveText(['どなたの', '内容', '受け取り方', '確認', '完了']);
  await expect(memberPage.locator('[data-fee]')).toContainText('300円');
  await expectAccessible(memberPage, '/requests/new/disclosure (どなたの)');
  await nextStep(memberPage);
  await expect(memberPage.getByRole('radio', { name: /すべての情報/ })).toBeVisible();
  await expect(memberPage.getByLabel('レセプトに関する情報')).toBeVisible();
  await expectAccessible(memberPage, '/requests/new/disclosure (内容)');
  // Nothing chosen: the reason appears next to the field, and the step stays.
  await memberPage.getByRole('button', { name: '次へ', exact: true }).click();
  await expect(memberPage.locator('.field__error').first()).toContainText('開示を求める情報を1つ以上選ぶか');
  await expect(memberPage).toHaveURL(/\/requests\/new\/disclosure\?step=what&e=/);
  await memberPage.getByLabel('資格に関する情報').check();
  await nextStep(memberPage);
  // The methods as published, each said in plain words first.
  await expect(memberPage.getByLabel(/電磁的記録の提供/)).toBeVisible();
  await expect(memberPage.getByLabel(/書面の交付/)).toBeVisible();
  await expect(memberPage.locator('form[data-step="how"]')).toContainText('ポータルでダウンロード（電磁的記録）');
  await expect(memberPage.locator('form[data-step="how"]')).toContainText('郵送（書面）');
  await expectAccessible(memberPage, '/requests/new/disclosure (受け取り方)');
});

test('a member makes each of the six requests and gets a receipt number at once', async () => {
  await memberPage.goto('/requests/new/disclosure?step=what');
  await memberPage.getByLabel('レセプトに関する情報').check();
  await memberPage.getByLabel('資格に関する情報').check();
  await nextStep(memberPage);
  await memberPage.getByLabel(/書面の交付/).check();
  await send(memberPage, 'disclosure');

  await memberPage.goto('/requests/new/purpose?step=what');
  await send(memberPage, 'purpose');

  await memberPage.goto('/requests/new/third-party-records?step=what');
  await send(memberPage, 'third-party');

  await memberPage.goto('/requests/new/correction?step=what');
  await memberPage.getByLabel('訂正を求める項目').selectOption('address');
  await memberPage.getByLabel('正しい内容').fill('神奈川県横浜市中区山吹町九丁目9番10号');
  await memberPage.getByLabel('誤っている理由').fill('番地が違います。');
  await send(memberPage, 'correction');
  await expect(memberPage.locator('[aria-labelledby="asked"] .facts')).toContainText('神奈川県横浜市中区山吹町九丁目9番9号');

  await memberPage.goto('/requests/new/suspension?step=what');
  await memberPage.getByLabel('消去').check();
  await memberPage.getByLabel('対象の情報').fill('以前の勤務先の口座情報');
  await memberPage.getByLabel(/組合が使う必要がなくなった/).check();
  await memberPage.getByLabel('具体的な事情').fill('口座を解約しました。');
  await send(memberPage, 'suspension');

  await memberPage.goto('/requests/new/complaint?step=what');
  await memberPage.getByLabel('内容').fill('電話での説明がわかりにくかったです。');
  await send(memberPage, 'complaint');
});

test('the insured makes a request for their minor child as legal representative, proven by a 戸籍 document', async () => {
  await memberPage.goto('/requests/new/complaint');
  await chooseSomeoneElse(memberPage, /山吹 陽菜の法定代理人（親権者）として/);
  await nextStep(memberPage);
  await memberPage.getByLabel('内容').fill('子の健診結果の送付先について相談したいです。');
  await toConfirmation(memberPage);
  await expect(memberPage.locator('[data-confirm]')).toContainText('山吹 陽菜の法定代理人（親権者）として');
  await memberPage.getByLabel(/戸籍謄抄本、または続柄が記載された住民票の写し/).setInputFiles({ name: '住民票.pdf', mimeType: 'application/pdf', buffer: PDF });
  await send(memberPage, 'for-child');
  await expect(memberPage.locator('[aria-labelledby="summary"] .facts')).toContainText('山吹 陽菜（法定代理人）');
  // It waits for staff to accept the document, like any agent's request.
  await expect(memberPage.locator('main')).toContainText('本人確認中');
});

test('a grandparent is offered 未成年後見人 or 任意代理人 for a grandchild, never 親権者', async ({ browser }) => {
  const grandfather = await newPage(browser);
  await registerMember(grandfather, staffPage, { symbol: '1006', number: '3', branch: '00', birth: '1956-09-09' }, '白石町の坂の上の家');
  await grandfather.goto('/requests/new/disclosure');
  // Someone else's choices appear only once the member says they ask for someone else.
  await expect(grandfather.getByLabel(/白石 蓮の未成年後見人として/)).toBeHidden();
  await grandfather.locator('.choice__more > summary').click();
  await expect(grandfather.getByLabel(/白石 蓮の未成年後見人として/)).toBeVisible();
  await expect(grandfather.getByLabel(/白石 蓮の任意代理人として/)).toBeVisible();
  await expect(grandfather.getByText(/白石 蓮の法定代理人/)).toHaveCount(0);
  await expectAccessible(grandfather, '/requests/new/disclosure (grandparent)');
  // A forged capacity (posted though not offered) is refused, and nothing is stored.
  const forged = await grandfather.evaluate(async () => {
    const form = document.querySelector('form.request-form') as HTMLFormElement;
    const data = new FormData(form);
    data.set('for', 'legal_representative:01');
    data.set('go', 'next');
    const res = await fetch(form.action, { method: 'POST', body: data, headers: { Accept: 'application/json' } });
    return res.status;
  });
  expect(forged).toBe(422);
  // The documents the chosen path needs are asked for, in words, on the confirmation.
  await grandfather.getByLabel(/白石 蓮の未成年後見人として/).check();
  await nextStep(grandfather);
  await grandfather.getByLabel('資格に関する情報').check();
  await toConfirmation(grandfather);
  await expect(grandfather.getByLabel(/未成年後見人であることが記載された、未成年の方の戸籍謄抄本/)).toBeVisible();
  await expect(grandfather.getByLabel(/委任状（任意代理人の場合/)).toHaveCount(0);
  await grandfather.goto('/requests');
  await expect(grandfather.locator('[data-receipt]')).toHaveCount(0);
  await grandfather.context().close();
});

test('the request pages fit a 360 px wide phone screen', async () => {
  await memberPage.setViewportSize({ width: 360, height: 740 });
  for (const path of ['/requests', '/requests/new', '/requests/new/disclosure', '/requests/new/correction', `/requests/${receipts['disclosure']}`]) {
    await memberPage.goto(path);
    await expect(memberPage.locator('main h1'), `heading of ${path}`).toBeVisible();
    const scroll = await memberPage.evaluate(() => document.documentElement.scrollWidth);
    expect(scroll, `horizontal overflow on ${path}`).toBeLessThanOrEqual(360);
  }
  await memberPage.setViewportSize({ width: 1280, height: 720 });
});

test('the list shows every request with its receipt number and due date', async () => {
  await memberPage.goto('/requests');
  await expect(memberPage.locator('[data-receipt]')).toHaveCount(7);
  for (const receipt of Object.values(receipts)) {
    const card = memberPage.locator(`li[data-receipt="${receipt}"]`);
    await expect(card.locator('.receipt')).toHaveText(receipt);
    await expect(card.locator('.due')).toContainText(/回答予定日: \d{4}-\d{2}-\d{2}/);
  }
  await expectAccessible(memberPage, '/requests');
});

test('staff ask for more information and the member answers with a document', async () => {
  const receipt = receipts['correction'];
  await staffPage.goto(`/staff/requests/${receipt}`);
  await staffPage.getByLabel('本人へのメッセージ・理由').fill('住民票の写しを添付してください。');
  await staffPage.getByRole('button', { name: '補正を依頼する' }).click();
  await expect(staffPage.locator('.stage')).toHaveText('補正依頼中');

  await memberPage.goto('/requests');
  await expect(memberPage.locator(`li[data-receipt="${receipt}"] .badge`)).toBeVisible();
  await memberPage.goto(`/requests/${receipt}`);
  await expect(memberPage.locator('.stage').first()).toHaveText('補正依頼中');
  await expect(memberPage.locator('.due')).toContainText('期限は止まっています');
  await expect(memberPage.locator('.timeline')).toContainText('住民票の写しを添付してください。');
  await expectAccessible(memberPage, '/requests/{receipt} (補正依頼)');
  await memberPage.getByLabel('メッセージ').fill('住民票の写しを添付しました。');
  await memberPage.getByLabel('その他の資料（任意）').setInputFiles({ name: '住民票.pdf', mimeType: 'application/pdf', buffer: PDF });
  await memberPage.getByRole('button', { name: '回答を送る' }).click();
  await expect(memberPage).toHaveURL(/\?done=answer$/);
  await expect(memberPage.locator('.stage').first()).toHaveText('審査中');
  await expect(memberPage.locator('.timeline')).toContainText('住民票.pdf');
  await expect(memberPage.locator('.due')).toContainText(/回答予定日/);
});

test('a file that is not what its name says is refused next to the field', async () => {
  const receipt = receipts['correction'];
  await memberPage.goto(`/requests/${receipt}`);
  await memberPage.getByLabel('メッセージ').fill('追加の資料です。');
  await memberPage.getByRole('button', { name: '送る' }).click();
  await expect(memberPage).toHaveURL(/\?done=message$/);
  await memberPage.goto('/requests/new/complaint?step=what');
  await memberPage.getByLabel('内容').fill('資料を添付します。');
  await toConfirmation(memberPage);
  await memberPage.getByLabel('その他の資料（任意）').setInputFiles({ name: 'evil.pdf', mimeType: 'application/pdf', buffer: Buffer.from('<html><script>alert(1)</script></html>') });
  await memberPage.getByRole('button', { name: 'この内容で申し出る' }).click();
  await expect(memberPage.locator('.field__error')).toContainText('PDF・JPEG・PNG のファイルだけ受け付けています。');
});

test('a member withdraws a request that is not yet decided', async () => {
  const receipt = receipts['complaint'];
  await memberPage.goto(`/requests/${receipt}`);
  await memberPage.getByLabel('取り下げることを確認しました').check();
  await memberPage.getByRole('button', { name: '取り下げる' }).click();
  await expect(memberPage).toHaveURL(/\?done=withdraw$/);
  await expect(memberPage.locator('.stage').first()).toHaveText('取下げ');
  await expect(memberPage.getByRole('button', { name: '取り下げる' })).toHaveCount(0);
});

test('a disclosure request works with JavaScript turned off', async ({ browser }) => {
  const page = await newPage(browser, false);
  await page.goto('/requests/new/disclosure');
  await expect(page).toHaveURL(/\/login\?next=/);
  await page.getByLabel('記号・番号・枝番、またはログインID').fill('1004-5-00');
  await page.getByLabel('パスワード').fill(PASSWORD);
  await page.getByLabel('確認コード（6桁）').fill(totp(memberSecret, 1));
  await page.getByRole('button', { name: 'ログインする' }).click();
  await expect(page).toHaveURL(/\/requests\/new\/disclosure$/);
  // Each step is a page of its own; 「戻る」 keeps what was chosen.
  await nextStep(page);
  await page.getByLabel('健康診査に関する情報').check();
  await page.getByLabel('から（年月）').nth(1).fill('2024-04');
  await page.getByLabel('まで（年月）').nth(1).fill('2026-03');
  await nextStep(page);
  await page.getByLabel(/電磁的記録の提供/).check();
  await page.getByRole('button', { name: '戻る' }).click();
  await expect(page.getByLabel('健康診査に関する情報')).toBeChecked();
  await expect(page.getByLabel('から（年月）').nth(1)).toHaveValue('2024-04');
  await nextStep(page);
  await expect(page.getByLabel(/電磁的記録の提供/)).toBeChecked();
  await toConfirmation(page);
  await expect(page.locator('[data-confirm]')).toContainText('健康診査に関する情報');
  const receipt = await send(page, 'no-js');
  await expect(page.locator('.stage').first()).toHaveText('受付');
  await page.goto('/requests');
  await expect(page.locator(`li[data-receipt="${receipt}"]`)).toBeVisible();
});
