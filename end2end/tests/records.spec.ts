// The record read back. A counter clerk looks up 青葉 美咲 (no request of hers is open);
// she sees that access in 「アクセス履歴」 with the clerk's role and staff number; the
// auditor finds it by searching, sees it in the unusual-access report, and verifies the
// tamper-evident chain.
import { expect, test, type Page } from './support/test';
import { expectAccessible, registerMember, setUpStaff } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'records are read back';
let clerk: Page;
let auditor: Page;
let member: Page;

test.beforeAll(async ({ browser }) => {
  clerk = await (await browser.newContext()).newPage();
  auditor = await (await browser.newContext()).newPage();
  member = await (await browser.newContext()).newPage();
  await setUpStaff(clerk, 'S500', '窓口 五郎', ['intake'], PASSWORD);
  await setUpStaff(auditor, 'S501', '監査 六子', ['auditor'], PASSWORD);
  await registerMember(member, clerk, { symbol: '1001', number: '23', branch: '02', birth: '2007-05-10' }, PASSWORD);
});

test('a member sees a staff look-up of her data in her access history', async () => {
  await clerk.goto('/staff/members?key=1001-23-02');
  await expect(clerk.getByRole('heading', { name: /青葉 美咲/ })).toBeVisible();

  await member.goto('/account');
  await member.getByRole('link', { name: /アクセス履歴/ }).click();
  await expect(member).toHaveURL(/\/account\/access-history$/);
  await expect(member.locator('h1')).toHaveText('アクセス履歴');
  await expect(member.locator('main')).toContainText('このポータルを通じたアクセスだけ');
  const lookup = member.locator('tr[data-action="staff.member_lookup"]');
  await expect(lookup).toHaveCount(1);
  await expect(lookup).toContainText('受付（S500）');
  await expect(lookup).toContainText('窓口・電話でのお手伝いのため');
  await expect(lookup).toContainText('アカウントのお手伝い');
  // The letter she registered with was printed and posted by staff: that is listed too.
  await expect(member.locator('tr[data-action="letter.print"]')).toHaveCount(1);
  await expectAccessible(member, 'access history');
});

test('the auditor finds the look-up by searching and in the unusual-access report, and verifies the chain', async () => {
  await auditor.goto('/staff');
  await auditor.getByRole('link', { name: /監査記録/ }).click();
  await expect(auditor).toHaveURL(/\/staff\/audit$/);
  await auditor.getByLabel('操作者').fill('S500');
  await auditor.getByLabel('操作', { exact: true }).selectOption('staff.member_lookup');
  await auditor.getByRole('button', { name: '検索' }).click();
  await expect(auditor).toHaveURL(/actor=S500/);
  const found = auditor.locator('section[aria-labelledby="results"] tr[data-action="staff.member_lookup"]');
  await expect(found).toHaveCount(1);
  await expect(found).toContainText('職員 S500（受付）');
  await expect(found).toContainText('アカウントのお手伝い許可');
  await expect(found).toContainText('加入者 3');
  const unusual = auditor.locator('section[aria-labelledby="unusual"] tr[data-action="staff.member_lookup"]');
  await expect(unusual).toHaveCount(1);
  // Printing her letter had a reason (the letter was being prepared): not unusual.
  await expect(auditor.locator('section[aria-labelledby="unusual"] tr[data-action="letter.print"]')).toHaveCount(0);
  await expectAccessible(auditor, 'auditor view');

  // A malformed date is named next to its field.
  await auditor.goto('/staff/audit?from=2026%2F11%2F01');
  await expect(auditor.locator('#f-from-error')).toContainText('日付として読み取れません');

  await auditor.goto('/staff/audit');
  await auditor.getByRole('button', { name: '今すぐ検証する' }).click();
  await expect(auditor).toHaveURL(/verified=1/);
  await expect(auditor.locator('[data-chain]')).toHaveAttribute('data-chain', 'ok');
  await expect(auditor.locator('#chain ~ p').last()).toContainText('チェックポイント');
});

test('the clerk keeps the third-party provision ledger; a published 委託先 is refused next to its field', async () => {
  await clerk.goto('/staff');
  await clerk.getByRole('link', { name: /第三者提供記録/ }).click();
  await expect(clerk).toHaveURL(/\/staff\/provisions$/);
  const fill = async (counterparty: string) => {
    await clerk.getByLabel('区分').selectOption('provided');
    await clerk.getByLabel('提供・受領の年月日').fill('2026-11-20');
    await clerk.getByLabel('相手方の氏名又は名称').fill(counterparty);
    await clerk.getByLabel('本人の記号・番号・枝番').fill('1001-23-02');
    await clerk.getByLabel('個人データの項目').fill('氏名、記号・番号、受傷日');
    await clerk.getByLabel('根拠', { exact: true }).selectOption('損保会社等へ第三者行為にかかる求償情報の提供');
  };
  await fill('健康保険組合連合会');
  await clerk.getByRole('button', { name: '記録する' }).click();
  await expect(clerk.locator('#f-counterparty-error')).toContainText('第三者提供ではない');
  await expect(clerk.locator('tr[data-provision]')).toHaveCount(0);

  await fill('架空損害保険株式会社');
  await clerk.getByRole('button', { name: '記録する' }).click();
  await expect(clerk).toHaveURL(/recorded=1/);
  const row = clerk.locator('tr[data-provision]');
  await expect(row).toHaveCount(1);
  await expect(row).toContainText('架空損害保険株式会社');
  await expect(row).toContainText('1001-23-02');
  await expect(row).toContainText('本人の同意');
  await expectAccessible(clerk, 'provision ledger');
});
