// The society's publication versions, read from the same files the server loads, so the
// tests never carry a copy of their content.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';

export interface Category {
  id: string;
  name: string;
  purposes: string[];
}

export interface PublicationFile {
  file: string;
  label: string;
  effective_date: string;
  publication: { categories: Category[] };
}

export const DEMO_DIR = path.resolve(__dirname, '..', '..', '..', 'server', 'demo');

/** Every `publication-*.json` of the demo directory, oldest first. */
export function loadVersions(): PublicationFile[] {
  const files = fs
    .readdirSync(DEMO_DIR)
    .filter((f) => /^publication-.*\.json$/.test(f))
    .sort();
  const versions = files.map((f) => {
    const data = JSON.parse(fs.readFileSync(path.join(DEMO_DIR, f), 'utf8'));
    return { file: f, ...data } as PublicationFile;
  });
  versions.sort((a, b) => a.effective_date.localeCompare(b.effective_date));
  return versions;
}

/** Today's civil date in Tokyo (the server's calendar), as YYYY-MM-DD. */
export function todayTokyo(): string {
  const tokyo = new Date(Date.now() + 9 * 3600 * 1000);
  return tokyo.toISOString().slice(0, 10);
}

/** The version in force today and the one before it. */
export function currentAndPrevious(): { current: PublicationFile; previous: PublicationFile } {
  const versions = loadVersions();
  const today = todayTokyo();
  const inForce = versions.filter((v) => v.effective_date <= today);
  if (inForce.length < 2) {
    throw new Error(`need two versions in force by ${today}, found ${inForce.length} in ${DEMO_DIR}`);
  }
  return { current: inForce[inForce.length - 1], previous: inForce[inForce.length - 2] };
}

export type ChangeKind = 'added' | 'removed' | 'renamed' | 'changed';

/** The category changes from `older` to `newer`, by id, as `"<id>:<kind>"` strings, sorted. */
/** A text as its notation does not matter: NFKC, without white space. */
function notation(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '');
}

export function expectedCategoryChanges(older: PublicationFile, newer: PublicationFile): string[] {
  const oldCats = new Map(older.publication.categories.map((c) => [c.id, c]));
  const newCats = new Map(newer.publication.categories.map((c) => [c.id, c]));
  const changes: string[] = [];
  for (const [id, n] of newCats) {
    const o = oldCats.get(id);
    if (!o) changes.push(`${id}:added`);
    // A change of notation only (全角・半角, spacing) is told apart from a rename.
    else if (o.name !== n.name) changes.push(`${id}:${notation(o.name) === notation(n.name) ? 'respelled' : 'renamed'}`);
    else if (JSON.stringify(o.purposes) !== JSON.stringify(n.purposes)) changes.push(`${id}:changed`);
  }
  for (const id of oldCats.keys()) {
    if (!newCats.has(id)) changes.push(`${id}:removed`);
  }
  return changes.sort();
}

/** Ids of categories present in both versions with the same name and purposes. */
export function unchangedCategoryIds(older: PublicationFile, newer: PublicationFile): string[] {
  const newCats = new Map(newer.publication.categories.map((c) => [c.id, c]));
  return older.publication.categories
    .filter((o) => {
      const n = newCats.get(o.id);
      return n && n.name === o.name && JSON.stringify(n.purposes) === JSON.stringify(o.purposes);
    })
    .map((o) => o.id);
}

/**
 * The database id of each version, read from the history page: each list item carries
 * the version's label and a link to `/privacy/history/<id>`.
 */
export async function versionIds(page: Page): Promise<Map<string, string>> {
  await page.goto('/privacy/history');
  const items = page.locator('ol.versions > li');
  const versions = loadVersions();
  await expect(items).toHaveCount(versions.length);
  const ids = new Map<string, string>();
  for (const v of versions) {
    const item = items.filter({ hasText: v.label });
    await expect(item, `history list item for ${v.label}`).toHaveCount(1);
    const href = await item.locator('a[href^="/privacy/history/"]').getAttribute('href');
    const id = href?.match(/^\/privacy\/history\/(\d+)$/)?.[1];
    if (!id) throw new Error(`no version link for ${v.label}: ${href}`);
    ids.set(v.label, id);
  }
  return ids;
}

/**
 * Asserts that `scope` shows every category of `pub`, in the file's order: its name
 * (in `nameSelector`) and its purposes (`ul.purposes li`, exact text, in order), visible.
 */
export async function expectCategoriesRendered(
  scope: Locator,
  nameSelector: string,
  pub: PublicationFile,
): Promise<void> {
  const cats = pub.publication.categories;
  expect(cats.length, `${pub.file} has categories`).toBeGreaterThan(0);
  const rows = scope.locator('[data-category-id]');
  await expect(rows).toHaveCount(cats.length);
  const shownIds = await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-category-id')));
  expect(shownIds, 'categories in the order of the publication').toEqual(cats.map((c) => c.id));
  for (const c of cats) {
    const row = scope.locator(`[data-category-id="${c.id}"]`);
    const name = row.locator(nameSelector);
    await expect(name, `name of category ${c.id}`).toHaveText(c.name);
    await expect(name).toBeVisible();
    const purposes = row.locator('ul.purposes li');
    await expect(purposes, `purposes of category ${c.id}`).toHaveText(c.purposes);
    for (let i = 0; i < c.purposes.length; i++) {
      await expect(purposes.nth(i)).toBeVisible();
    }
  }
}
