// Revising the 公表事項 in the browser, on a server of its own (the other specs keep the
// demo society's text): an administrator edits a purpose and adds a category, previews
// the draft and sees the changes; the approval waits until each changed purpose has an
// answer (17条2項, or 18条1項's consent with how it is obtained), which the administrator
// gives; a second staff member (責任者) approves it with today's date; /privacy shows the
// new text; a member signing in sees the banner and the differences, acknowledges them,
// and the banner is gone; a version dated tomorrow is shown as 予定.
import { expect, test, type Browser, type Page } from './support/test';
import { PUBLISHING_ENV, PUBLISHING_URL, totp } from './support/auth';
import { expectAccessible, registerMember, setUpStaff } from './support/journeys';

test.describe.configure({ mode: 'serial' });

const PASSWORD = 'changes to the purposes';
let admin: Page;
let boss: Page;
let clerk: Page;
let memberSecret = '';
let oldFirstPurpose = '';

/** Today's date in Tokyo, as YYYY-MM-DD. */
function tokyoDate(offsetDays = 0): string {
  const at = new Date(Date.now() + 9 * 3600_000 + offsetDays * 86400_000);
  return at.toISOString().slice(0, 10);
}

async function newPage(browser: Browser): Promise<Page> {
  return (await browser.newContext({ baseURL: PUBLISHING_URL })).newPage();
}

test.beforeAll(async ({ browser }) => {
  [admin, boss, clerk] = await Promise.all([newPage(browser), newPage(browser), newPage(browser)]);
  await setUpStaff(admin, 'S800', '広報 九郎', ['admin'], PASSWORD, PUBLISHING_ENV);
  await setUpStaff(boss, 'S801', '責任 十子', ['approver'], PASSWORD, PUBLISHING_ENV);
  await setUpStaff(clerk, 'S802', '窓口 十一', ['intake'], PASSWORD, PUBLISHING_ENV);
  const member = await newPage(browser);
  memberSecret = await registerMember(member, clerk, { symbol: '1001', number: '23', branch: '00', birth: '1980-01-15' }, PASSWORD);
  await member.context().close();
});

test('an administrator edits a purpose and adds a category, and sees the preview and the changes', async () => {
  await admin.goto('/staff');
  await admin.getByRole('link', { name: '公表事項の改定（下書き・承認・公表）' }).click();
  await expect(admin).toHaveURL(/\/staff\/publication$/);
  await admin.getByRole('button', { name: '現行版から下書きを作る' }).click();
  await expect(admin.getByRole('status')).toHaveText('下書きを作成しました。');

  // Edit the first category's purposes: replace its first purpose.
  const first = admin.locator('#category form').first();
  const categoryName = await first.getByLabel('類型の名称').inputValue();
  const purposes = first.getByLabel('利用目的（1行に1つ）');
  const old = (await purposes.inputValue()).split('\n');
  oldFirstPurpose = old[0];
  const edited = ['保険給付の適正な実施（オンライン資格確認を含む）', ...old.slice(1)].join('\n');
  await purposes.fill(edited);
  await first.getByRole('button', { name: /^保存/ }).click();
  await expect(admin.getByRole('status')).toHaveText('下書きを保存しました。');

  // A category with no name is refused next to the field, and nothing is saved.
  const add = admin.locator('#category form.editor-item--new');
  await add.getByLabel('類型の名称').fill('   ');
  await add.getByLabel('利用目的（1行に1つ）').fill('資格確認のため');
  await add.getByRole('button', { name: /^追加/ }).click();
  await expect(admin.locator('#category form.editor-item--new .field__error').first()).toHaveText('入力してください。');

  await add.getByLabel('類型の名称').fill('マイナ保険証に関する情報');
  await add.getByLabel('利用目的（1行に1つ）').fill('資格確認のため\nオンライン資格確認等システムへの登録');
  await add.getByRole('button', { name: /^追加/ }).click();
  await expect(admin.getByRole('status')).toHaveText('下書きを保存しました。');

  // The changes against the current version, category by category.
  const diff = admin.locator('section.diff');
  await expect(diff.locator('[data-change="added"]')).toContainText('マイナ保険証に関する情報');
  await expect(diff.locator('[data-change="changed"]')).toContainText('保険給付の適正な実施（オンライン資格確認を含む）');
  // Each changed purpose is asked about: the reworded one with its words before, then the
  // new category's two.
  const questions = admin.locator('#purposes article');
  await expect(questions).toHaveCount(3);
  await expect(questions.nth(0).getByRole('heading')).toHaveText(`類型「${categoryName}」の利用目的`);
  await expect(questions.nth(0).locator('.badge')).toHaveText('変更');
  await expect(questions.nth(0).locator('strong').first()).toHaveText('保険給付の適正な実施（オンライン資格確認を含む）');
  await expect(questions.nth(0)).toContainText(`変更前の文言: ${oldFirstPurpose}`);
  await expect(questions.nth(1).getByRole('heading')).toHaveText('類型「マイナ保険証に関する情報」の利用目的');
  await expect(questions.nth(1).locator('.badge')).toHaveText('追加');
  await expect(questions.nth(1).locator('strong').first()).toHaveText('資格確認のため');
  await expect(questions.nth(1)).toContainText('変更前の利用目的はありません');
  await expect(questions.nth(0).getByRole('group', { name: 'この利用目的は、変更前の利用目的と関連性を有すると合理的に認められる範囲内ですか。' })).toBeVisible();
  await expect(admin.locator('#purposes [data-purpose-answer="none"]')).toHaveCount(3);

  // The editor cannot approve their own draft (and holds no 責任者 role anyway).
  await expect(admin.locator('#approve')).toContainText('別の責任者の承認が必要です');
  await expectAccessible(admin, 'publication editor');
  await admin.setViewportSize({ width: 360, height: 740 });
  const overflow = await admin.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await admin.setViewportSize({ width: 1280, height: 720 });

  // The preview shows the draft exactly as the public page will.
  await admin.getByRole('link', { name: 'プレビュー（公開ページと同じ表示）' }).click();
  await expect(admin.locator('[data-category-id] .category-name', { hasText: 'マイナ保険証に関する情報' })).toBeVisible();
  await expect(admin.locator('main')).toContainText('保険給付の適正な実施（オンライン資格確認を含む）');
  // The public page does not, yet.
  await admin.goto('/privacy');
  await expect(admin.locator('main')).not.toContainText('マイナ保険証に関する情報');
});

test('approval waits for an answer on each changed purpose, and the answers show who gave them', async () => {
  await boss.goto('/staff/publication');
  await expect(boss.locator('#approve')).toContainText('回答のない利用目的の変更: 3件');
  await boss.getByLabel('適用日').fill(tokyoDate());
  await boss.getByRole('button', { name: '承認して公表する' }).click();
  await expect(boss.locator('#approve .field__error')).toHaveText(/利用目的の変更に回答のないものがあるため、承認できません。/);
  await expect(boss.locator('#e-purpose-0-answer-error')).toHaveText('承認するには、この利用目的についての回答が必要です。');
  await expect(boss.locator('#e-purpose-2-answer-error')).toHaveText('承認するには、この利用目的についての回答が必要です。');

  // Beyond the related range: consent, which needs how it is obtained.
  await admin.goto('/staff/publication');
  const reworded = admin.locator('#purpose-0');
  await reworded.getByLabel('範囲を超える — 本人の同意（18条1項）を得る').check();
  await reworded.getByRole('button', { name: '回答を記録する' }).click();
  await expect(admin.locator('#e-purpose-0-note-error')).toHaveText('入力してください。');
  const note = '対象の加入者に書面で説明し、同意書の返送をもって同意を得る。';
  await admin.locator('#purpose-0').getByLabel('範囲を超える — 本人の同意（18条1項）を得る').check();
  await admin.locator('#purpose-0').getByLabel(/本人の同意を得る方法・得た方法/).fill(note);
  await admin.locator('#purpose-0').getByRole('button', { name: '回答を記録する' }).click();
  await expect(admin.getByRole('status')).toHaveText('回答を記録しました。');
  const answer = admin.locator('#purpose-0 [data-purpose-answer="consent"]');
  await expect(answer).toContainText('回答: 範囲を超える — 本人の同意（18条1項）を得る');
  await expect(answer).toContainText(`同意を得る方法: ${note}`);
  await expect(answer).toContainText('回答した職員: S800（');
  // The new category's purposes stay within the range related to the purposes before.
  for (const i of [1, 2]) {
    const question = admin.locator(`#purpose-${i}`);
    await question.getByLabel('変更前の利用目的と関連性を有すると合理的に認められる範囲内（17条2項）').check();
    await question.getByRole('button', { name: '回答を記録する' }).click();
    await expect(admin.getByRole('status')).toHaveText('回答を記録しました。');
    await expect(admin.locator(`#purpose-${i} [data-purpose-answer="related"]`)).toContainText('回答した職員: S800');
  }
  await expect(admin.locator('#purposes [data-purpose-answer="none"]')).toHaveCount(0);
  await expectAccessible(admin, 'publication editor with answered purposes');

  // The approver sees every answer and who gave it.
  await boss.goto('/staff/publication');
  await expect(boss.locator('#purpose-0')).toContainText(note);
  await expect(boss.locator('#approve')).not.toContainText('回答のない利用目的の変更');
});

test('a second staff member approves with today’s date and /privacy shows the new text', async () => {
  await boss.goto('/staff/publication');
  await expect(boss.locator('section.diff [data-change="added"]')).toContainText('マイナ保険証に関する情報');
  // A past date is refused next to the field.
  await boss.getByLabel('適用日').fill(tokyoDate(-1));
  await boss.getByRole('button', { name: '承認して公表する' }).click();
  await expect(boss.locator('#e-effective-date-error')).toContainText('今日以降');
  await boss.getByLabel('適用日').fill(tokyoDate());
  await boss.getByRole('button', { name: '承認して公表する' }).click();
  await expect(boss.getByRole('status')).toHaveText('承認し、公表しました。');

  await boss.goto('/privacy');
  await expect(boss.locator('.category-name', { hasText: 'マイナ保険証に関する情報' })).toBeVisible();
  await expect(boss.locator('main')).toContainText('保険給付の適正な実施（オンライン資格確認を含む）');
});

test('a member signing in sees the banner and the changes, acknowledges them, and the banner is gone', async ({ browser }) => {
  const member = await newPage(browser);
  await member.goto('/login');
  await member.getByLabel('記号・番号・枝番、またはログインID').fill('1001-23-00');
  await member.getByLabel('パスワード').fill(PASSWORD);
  await member.getByLabel('確認コード（6桁）').fill(totp(memberSecret, 1));
  await member.getByRole('button', { name: 'ログインする' }).click();
  // Sign-in lands on the member's home, which lists the change among what needs attention.
  await expect(member).toHaveURL(/\/mypage$/);
  const banner = member.locator('[data-news-version]');
  await expect(banner).toHaveCount(1);
  await expect(banner.getByRole('heading')).toContainText('個人情報の利用目的など（公表事項）を');
  await expect(banner).toContainText('マイナ保険証に関する情報');
  await expectAccessible(member, 'home with the change banner');
  await banner.getByRole('link', { name: '変更点を見る' }).click();
  await expect(member).toHaveURL(/\/privacy\/history\?from=\d+&to=\d+$/);
  await expect(member.locator('[data-change="added"]')).toContainText('マイナ保険証に関する情報');
  await member.goto('/mypage');
  await member.locator('[data-news-version]').getByRole('button', { name: '確認しました' }).click();
  await expect(member).toHaveURL(/\/mypage\?acknowledged=1$/);
  await expect(member.locator('[data-nothing-to-do]')).toBeVisible();
  await expect(member.locator('[data-news-version]')).toHaveCount(0);
  await member.reload();
  await expect(member.locator('[data-news-version]')).toHaveCount(0);
  await member.context().close();
});

test('a version dated tomorrow is shown as 予定 and the current one stays in force', async () => {
  await admin.goto('/staff/publication');
  await admin.getByRole('button', { name: '現行版から下書きを作る' }).click();
  const add = admin.locator('#category form.editor-item--new');
  await add.getByLabel('類型の名称').fill('健診・保健指導に関する情報');
  await add.getByLabel('利用目的（1行に1つ）').fill('特定健康診査の実施');
  await add.getByRole('button', { name: /^追加/ }).click();
  await expect(admin.getByRole('status')).toHaveText('下書きを保存しました。');
  const question = admin.locator('#purpose-0');
  await expect(question).toContainText('特定健康診査の実施');
  await question.getByLabel('変更前の利用目的と関連性を有すると合理的に認められる範囲内（17条2項）').check();
  await question.getByRole('button', { name: '回答を記録する' }).click();
  await expect(admin.getByRole('status')).toHaveText('回答を記録しました。');
  await boss.goto('/staff/publication');
  await boss.getByLabel('適用日').fill(tokyoDate(1));
  await boss.getByRole('button', { name: '承認して公表する' }).click();
  await expect(boss.getByRole('status')).toHaveText('承認し、公表しました。');
  await boss.goto('/privacy/history');
  const newest = boss.locator('ol.versions li').first();
  await expect(newest).toContainText('予定');
  await boss.goto('/privacy');
  await expect(boss.locator('main')).not.toContainText('健診・保健指導に関する情報');
});
