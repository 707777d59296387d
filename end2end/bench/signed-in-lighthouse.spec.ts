// Lighthouse (mobile) on the signed-in member's pages: the home and the request form's
// steps. A server of its own; a member registers as in the browser tests, and Lighthouse
// runs with that session's cookie (`.ci/lighthouse`, LIGHTHOUSE_COOKIE).
import { execFileSync } from 'node:child_process';
import { expect, test } from '@playwright/test';
import { registerMember, setUpStaff } from '../tests/support/journeys';
import { ownServer } from '../tests/support/own-server';

const SERVER = ownServer(3130, '.tmp-lighthouse');

test('Lighthouse on the signed-in home and the request form', async ({ browser }) => {
  await SERVER.start();
  try {
    const clerk = await (await browser.newContext({ baseURL: SERVER.url })).newPage();
    const context = await browser.newContext({ baseURL: SERVER.url });
    const member = await context.newPage();
    await setUpStaff(clerk, 'S690', '受付 測定', ['intake'], 'a bench of the signed-in pages', SERVER.env);
    await registerMember(member, clerk, { symbol: '1005', number: '8', branch: '00', birth: '1962-12-24' }, '紅葉の季節に庭を掃く');
    // The step of the form Lighthouse opens needs the earlier one done.
    await member.goto('/requests/new/disclosure?step=what');
    const session = (await context.cookies()).find((c) => c.name === '__Host-madoguchi');
    expect(session, 'a member session').toBeTruthy();
    const out = execFileSync('../.ci/lighthouse', [SERVER.url, '/mypage', '/requests/new/disclosure', '/requests/new/disclosure?step=what'], {
      env: { ...process.env, LIGHTHOUSE_COOKIE: `${session?.name}=${session?.value}` },
      encoding: 'utf8',
    });
    console.log(out);
  } finally {
    await SERVER.stop();
  }
});
