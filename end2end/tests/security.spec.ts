// CSRF protection of state-changing requests, and the security headers of pages.
import { expect, test } from './support/test';

const FORM = { lang: 'en', return_to: '/' };

test('a cross-origin POST is refused', async ({ request }) => {
  const response = await request.post('/api/language', {
    headers: { Origin: 'http://evil.example' },
    form: FORM,
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie'] ?? '').not.toMatch(/lang=/);
});

// What a browser sends when the plain (no-JavaScript) form is submitted.
const HTML_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

test('a cross-origin POST from a browser form is refused', async ({ request }) => {
  const response = await request.post('/api/language', {
    headers: { Origin: 'http://evil.example', Accept: HTML_ACCEPT },
    form: FORM,
    maxRedirects: 0,
  });
  expect(response.status()).toBe(403);
  expect(response.headers()['set-cookie'] ?? '').not.toMatch(/lang=/);
});

test('a same-origin form POST sets the language and redirects back', async ({ request, baseURL }) => {
  const response = await request.post('/api/language', {
    headers: { Origin: new URL(baseURL!).origin, Accept: HTML_ACCEPT },
    form: { lang: 'en', return_to: '/privacy' },
    maxRedirects: 0,
  });
  expect([302, 303]).toContain(response.status());
  expect(response.headers()['location']).toBe('/privacy');
  expect(response.headers()['set-cookie']).toMatch(/(^|\n|,\s*)lang=en(;|$)/);
});

test('a same-origin POST from script sets the cookie too', async ({ request, baseURL }) => {
  // Without `Accept: text/html` Leptos answers a server-function call with 200 and a
  // Location header for its client to follow, not with an HTTP redirect.
  const response = await request.post('/api/language', {
    headers: { Origin: new URL(baseURL!).origin },
    form: FORM,
    maxRedirects: 0,
  });
  expect(response.status()).toBeLessThan(400);
  expect(response.headers()['set-cookie']).toMatch(/(^|\n|,\s*)lang=en(;|$)/);
});

test('the redirect target must be a local path', async ({ request, baseURL }) => {
  const response = await request.post('/api/language', {
    headers: { Origin: new URL(baseURL!).origin, Accept: HTML_ACCEPT },
    form: { lang: 'en', return_to: '//evil.example/' },
    maxRedirects: 0,
  });
  expect([302, 303]).toContain(response.status());
  expect(response.headers()['location']).toBe('/');
});

test('pages carry a CSP with a nonce that the module script uses', async ({ page }) => {
  const response = await page.goto('/');
  expect(response).not.toBeNull();
  const headers = response!.headers();
  const csp = headers['content-security-policy'];
  expect(csp).toContain('nonce-');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(headers['x-content-type-options']).toBe('nosniff');

  const nonce = csp.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce, 'nonce in the CSP').toBeTruthy();
  // The browser hides the nonce content attribute after parsing; the `nonce` property keeps it.
  const scriptNonces = await page
    .locator('script[type="module"]')
    .evaluateAll((els) => els.map((e) => (e as HTMLScriptElement).nonce));
  expect(scriptNonces.length, 'module scripts').toBeGreaterThan(0);
  for (const n of scriptNonces) expect(n).toBe(nonce);
  // And the script ran under that policy.
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');

  // A fresh nonce for every response.
  const again = await page.request.get('/');
  const nonce2 = again.headers()['content-security-policy']?.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce2).toBeTruthy();
  expect(nonce2).not.toBe(nonce);
});

test('the raw HTML module script carries the header nonce', async ({ request }) => {
  const response = await request.get('/privacy');
  expect(response.status()).toBe(200);
  const nonce = response.headers()['content-security-policy']?.match(/'nonce-([^']+)'/)?.[1];
  expect(nonce).toBeTruthy();
  const html = await response.text();
  const moduleScripts = [...html.matchAll(/<script\b[^>]*\btype="module"[^>]*>/g)].map((m) => m[0]);
  expect(moduleScripts.length).toBeGreaterThan(0);
  for (const tag of moduleScripts) {
    expect(tag.match(/\bnonce="([^"]+)"/)?.[1], tag).toBe(nonce);
  }
});
