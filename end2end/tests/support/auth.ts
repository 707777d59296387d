// What a person has in hand during sign-up: the authenticator app (TOTP, RFC 6238),
// the letter (read by staff from the outbox), the mailbox (the mail drop directory),
// and the administrator's command line.
import { createHmac } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const E2E_DIR = path.resolve(__dirname, '..', '..');
export const MAIL_DIR = path.join(E2E_DIR, '.tmp', 'mail');

/// The environment the browser tests' server runs with (playwright.config.ts uses it too).
export const SERVER_ENV: Record<string, string> = {
  LEPTOS_SITE_ROOT: '../target/site',
  LEPTOS_SITE_PKG_DIR: 'pkg',
  LEPTOS_OUTPUT_NAME: 'madoguchi',
  MADOGUCHI_DATABASE_URL: 'sqlite://.tmp/e2e.sqlite3',
  MADOGUCHI_SOCIETY_DIR: '../server/demo',
  MADOGUCHI_DEMO_REGISTRY: '../server/demo/registry.csv',
  MADOGUCHI_DEMO_NOTICES: '../server/demo/notices.csv',
  MADOGUCHI_SECRET_KEY_FILE: '.tmp/madoguchi.key',
  MADOGUCHI_MAIL_DIR: '.tmp/mail',
  MADOGUCHI_AUDIT_CHECKPOINT_FILE: '.tmp/audit-checkpoints.log',
  RUST_LOG: 'warn',
  // JSON lines, so that the server-log check reads levels, not colours.
  MADOGUCHI_LOG_FORMAT: 'json',
};

/// A third server whose 公表事項 the publication-change tests may revise, so the other
/// specs keep reading the demo society's text.
export const PUBLISHING_URL = 'http://127.0.0.1:3104';
export const PUBLISHING_ENV: Record<string, string> = {
  MADOGUCHI_DATABASE_URL: 'sqlite://.tmp-publishing/e2e.sqlite3',
  MADOGUCHI_SECRET_KEY_FILE: '.tmp-publishing/madoguchi.key',
  MADOGUCHI_MAIL_DIR: '.tmp-publishing/mail',
  MADOGUCHI_AUDIT_CHECKPOINT_FILE: '.tmp-publishing/audit-checkpoints.log',
};

function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const c of text.replace(/=+$/, '').toUpperCase()) {
    const i = alphabet.indexOf(c);
    if (i < 0) throw new Error(`not base32: ${c}`);
    value = (value << 5) | i;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/// The 6-digit code an authenticator app shows, `stepOffset` time steps from now.
export function totp(secretBase32: string, stepOffset = 0): string {
  return totpAt(secretBase32, Date.now() + stepOffset * 30_000);
}

/// The authenticator's code at a given instant (for a server whose clock a test sets).
export function totpAt(secretBase32: string, atMs: number): string {
  const step = Math.floor(atMs / 1000 / 30);
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const n = (mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000;
  return n.toString().padStart(6, '0');
}

/// Adds a staff member with the server's CLI, as an administrator would; returns the setup code.
/// `env` points the command at another test server's database.
export function addStaff(staffNumber: string, name: string, roles: string[], env: Record<string, string> = {}): string {
  const out = execFileSync(
    '../target/release/server',
    ['add-staff', '--staff-number', staffNumber, '--name', name, '--roles', roles.join(',')],
    { cwd: E2E_DIR, env: { ...process.env, ...SERVER_ENV, ...env }, encoding: 'utf8' },
  );
  const match = out.match(/setup code[^:]*: ([A-Z0-9-]+)/);
  if (!match) throw new Error(`no setup code in: ${out}`);
  return match[1];
}

/// The daily sweep over requests that wait on the requester (a 補正 unanswered, a fee
/// unpaid), run now with the server's CLI as if `days` had passed; returns what it printed.
/// `env` points it at another test server's database.
export function sweepWaiting(days: number, env: Record<string, string> = {}): string {
  const now = new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString();
  return execFileSync('../target/release/server', ['sweep-waiting'], {
    cwd: E2E_DIR,
    env: { ...process.env, ...SERVER_ENV, ...env, MADOGUCHI_FIXED_NOW: now },
    encoding: 'utf8',
  });
}

/// The newest mail sent to `to`, with its body decoded.
export function newestMailTo(to: string): string {
  const files = readdirSync(MAIL_DIR).filter((f) => f.endsWith('.eml')).sort().reverse();
  for (const f of files) {
    const raw = readFileSync(path.join(MAIL_DIR, f), 'utf8');
    const [head, body] = raw.split('\r\n\r\n');
    if (head.includes(`To: ${to}`)) {
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    }
  }
  throw new Error(`no mail to ${to}`);
}
