// End-to-end test of `xgea report` in a real browser: Debian's headless Chromium driven by playwright-core.
//
//   XGEA_BIN=target/debug/xgea node tests/browser/report.test.mjs
//
// Generates the report for examples/estate plus tests/fixtures/report (a system named
// `<script>alert(1)</script>`), opens every top-level page and a sample of department, system and capability
// pages from file://, and fails on: a console error or warning, a page error, a failed request, any dialog, a
// request that leaves file://, a missing heat map / roadmap table / sourcing timeline / graph SVG, or the hostile name not shown
// as text. Saves target/browser/report.png (overview) and heatmap.png / graph.png as CI artefacts.
//
// Accessibility: axe-core (WCAG 2.0/2.1/2.2 A and AA rules) runs on every page template and must find no
// violation; every table has a caption and header cells; keyboard focus is visibly outlined.
// Print: the overview, roadmap and scorecards are laid out for A4 paper (print media) with no table wider
// than the page, and printed to PDF (target/browser/*.pdf) with a bounded page count.

import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, readdirSync, existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const bin = resolve(repo, process.env.XGEA_BIN ?? 'target/debug/xgea');
const outDir = resolve(repo, 'target/browser');
const site = join(outDir, 'site');
const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
const XSS = '<script>alert(1)</script>';
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let failures = 0;
let passes = 0;
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (ok) passes += 1;
  else failures += 1;
}

if (!existsSync(bin)) {
  console.error(`xgea binary not found at ${bin}; build it first (cargo build) or set XGEA_BIN`);
  process.exit(2);
}
rmSync(site, { recursive: true, force: true });
mkdirSync(outDir, { recursive: true });
const gen = spawnSync(bin, ['report', 'examples/estate', 'tests/fixtures/report', '--out', site], {
  cwd: repo,
  env: { ...process.env, XGEA_TODAY: '2026-11-23', NO_COLOR: '1', SOURCE_DATE_EPOCH: '1795000000' },
  encoding: 'utf8',
});
check(gen.status === 0, `xgea report exits 0 (got ${gen.status}: ${gen.stderr.trim().split('\n').slice(-3).join(' / ')})`);
if (gen.status !== 0) process.exit(1);

const userDataDir = join(outDir, 'chromium-profile');
rmSync(userDataDir, { recursive: true, force: true });
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: chromiumPath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync',
  ],
});

const problems = [];
let dialogs = 0;
const page = await context.newPage();
page.setDefaultTimeout(10000);
page.on('console', (m) => {
  if (m.type() === 'error' || m.type() === 'warning') problems.push(`console ${m.type()}: ${m.text()}`);
});
page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
page.on('requestfailed', (r) => problems.push(`request failed: ${r.url()} ${r.failure()?.errorText}`));
page.on('request', (r) => {
  if (!r.url().startsWith('file://')) problems.push(`request left file://: ${r.url()}`);
});
page.on('dialog', async (d) => {
  dialogs += 1;
  await d.dismiss();
});

async function open(rel) {
  const before = problems.length;
  await page.goto(pathToFileURL(join(site, rel)).href, { waitUntil: 'load' });
  const styled = await page.evaluate(() => getComputedStyle(document.querySelector('header')).display === 'flex');
  check(styled, `${rel}: local stylesheet applied`);
  check(problems.length === before, `${rel}: no console errors or failed requests${problems.slice(before).map((p) => '\n     ' + p).join('')}`);
  await accessible(rel);
}

// axe-core, evaluated through the DevTools protocol (the page's CSP allows no script of its own); `preload:
// false` because fetching the stylesheet again is a connection the CSP rightly refuses.
async function accessible(rel) {
  const loaded = await page.evaluate(() => typeof window.axe !== 'undefined');
  if (!loaded) await page.evaluate(axeSource);
  const result = await page.evaluate(
    (tags) => window.axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'], preload: false }),
    WCAG,
  );
  const detail = result.violations
    .map((v) => `\n     ${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`)
    .join('');
  check(result.violations.length === 0, `${rel}: axe-core finds no WCAG 2.2 A/AA violation${detail}`);
  const tables = await page.evaluate(() => [...document.querySelectorAll('table')].map((t) => ({
    caption: (t.caption?.textContent ?? '').trim().length > 0,
    headers: t.querySelectorAll('th').length > 0,
  })));
  check(tables.every((t) => t.caption && t.headers), `${rel}: every table (${tables.length}) has a caption and header cells`);
}

// Print media on A4 (210 mm less 2 × 12 mm margins = 186 mm ≈ 703 CSS px): no table reaches past the page's
// right edge; then the page is printed to PDF and its pages counted.
const A4_CONTENT_PX = Math.floor((186 / 25.4) * 96);
async function printable(rel, maxPages) {
  await page.goto(pathToFileURL(join(site, rel)).href, { waitUntil: 'load' });
  await page.emulateMedia({ media: 'print' });
  await page.setViewportSize({ width: A4_CONTENT_PX, height: 1000 });
  const over = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return [...document.querySelectorAll('table')]
      .filter((t) => t.getBoundingClientRect().right > width + 1 || t.scrollWidth > t.clientWidth + 1)
      .map((t) => `${t.caption?.textContent ?? t.className} (${Math.round(t.getBoundingClientRect().right)}px > ${width}px)`);
  });
  check(over.length === 0, `${rel}: printed, no table is cut off at the right edge${over.map((o) => '\n     ' + o).join('')}`);
  const navHidden = await page.evaluate(() => getComputedStyle(document.querySelector('header')).display === 'none');
  check(navHidden, `${rel}: printed without the navigation bar`);
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
  check(pages >= 1 && pages <= maxPages, `${rel}: prints as a PDF of ${pages} page(s) (at most ${maxPages})`);
  const name = rel.replace('.html', '.pdf');
  (await import('node:fs')).writeFileSync(join(outDir, name), pdf);
  await page.emulateMedia({ media: 'screen' });
  await page.setViewportSize({ width: 1280, height: 900 });
}

// Overview.
await open('index.html');
check(await page.locator('h1', { hasText: 'Estate overview' }).count() === 1, 'overview has its heading');
check(await page.locator('text=Findings by family').count() === 1, 'overview shows findings by family');
check(await page.locator('text=Findings by department').count() === 1, 'overview shows findings by department');
check(/Generated 2026-11-18 \d\d:\d\d UTC from source revision /.test(await page.locator('footer').innerText()),
  'footer names the generation date (SOURCE_DATE_EPOCH) and source revision');
// Keyboard: the first Tab lands on the skip link, drawn with a visible focus ring.
await page.keyboard.press('Tab');
const focus = await page.evaluate(() => {
  const el = document.activeElement;
  const st = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return { text: el.textContent, outline: st.outlineStyle, width: parseFloat(st.outlineWidth), visible: box.width > 0 && box.left >= 0 };
});
check(focus.text === 'Skip to content' && focus.outline !== 'none' && focus.width >= 2 && focus.visible,
  `keyboard focus is visible (${JSON.stringify(focus)})`);
await page.keyboard.press('Tab');
const navFocus = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
check(navFocus !== 'none', `focus on the navigation is outlined (${navFocus})`);
for (const file of ['findings.csv', 'findings.xlsx', 'roadmap.csv', 'roadmap.xlsx', 'scorecards.csv', 'scorecards.xlsx']) {
  check(existsSync(join(site, file)), `download ${file} written`);
}
check(await page.locator('a[href="findings.xlsx"]').count() === 1, 'overview links the findings download');
await page.screenshot({ path: join(outDir, 'report.png'), fullPage: false });

// Heat map.
await open('heatmap.html');
const cells = await page.locator('table.heatmap td[class^="h"]').count();
check(cells > 20, `heat map has shaded cells (${cells})`);
check(await page.locator('table.heatmap tr.dup').count() >= 3, 'heat map marks duplicated shareable capabilities');
await page.screenshot({ path: join(outDir, 'heatmap.png'), fullPage: false });

// Roadmap.
await open('roadmap.html');
const rows = await page.locator('table.roadmap tbody tr').count();
check(rows >= 5, `roadmap table lists candidates (${rows})`);
check((await page.locator('table.roadmap').innerText()).includes('Payroll (BO.02.01)'), 'roadmap lists payroll');
check(/£\d+\.\dm–£\d+\.\dm/.test(await page.locator('table.roadmap').innerText()), 'roadmap shows saving ranges');

// Sourcing: the expiry timeline, the joint-procurement windows and the concentration table.
await open('sourcing.html');
const timeline = page.locator('svg.timeline').first();
check(await timeline.count() === 1 && (await timeline.boundingBox()).height > 50, 'sourcing timeline SVG is drawn');
const bars = await page.locator('svg.timeline rect.bar').count();
check(bars >= 3, `sourcing timeline has bars (${bars})`);
check((await page.locator('table.windows').innerText()).includes('BO.02.01'), 'sourcing lists the payroll window');
const families = await page.locator('table.concentration tbody tr').count();
check(families >= 2, `sourcing concentration table has rows (${families})`);
await page.screenshot({ path: join(outDir, 'sourcing.png'), fullPage: false });
// Scorecards.
await open('scorecards.html');
const cardRows = await page.locator('table.scorecards tbody tr').count();
check(cardRows >= 11, `scorecards list every department (${cardRows})`);
check(/\d+%/.test(await page.locator('table.scorecards').innerText()), 'scorecards show shares in percent');
check(await page.locator('a[href="scorecards.csv"]').count() === 1, 'scorecards link their CSV download');

// Graph.
await open('graph.html');
const svg = page.locator('svg.graph').first();
check(await svg.count() === 1 && (await svg.boundingBox()).height > 100, 'graph SVG is present and drawn');
const nodes = await page.locator('svg.graph .node').count();
check(nodes > 10, `graph has nodes (${nodes})`);
await page.screenshot({ path: join(outDir, 'graph.png'), fullPage: false });

// Model browser.
await open('model.html');
check(await page.locator('ul.tree li').count() > 50, 'model browser shows the capability tree');
check(await page.locator('#standards').count() === 1 && await page.locator('#components').count() === 1,
  'model browser shows standards and components');

// The hostile system: its page and its department's page show the name as text; nothing runs.
const systems = readdirSync(join(site, 'systems'));
const hostileDept = 'departments/xss-test.html';
await open(hostileDept);
const deptText = await page.locator('main').innerText();
check(deptText.includes(XSS), 'department page shows <script>alert(1)</script> as text');
check(await page.locator('main script').count() === 0, 'no script element on the department page');
const link = page.locator('main table a', { hasText: 'xss-test.script' }).first();
check(await link.count() === 1, 'department page links the hostile system');
if (await link.count() === 1) {
  await link.click();
  await page.waitForLoadState('load');
}
const sysText = await page.locator('h1').innerText();
check(sysText.includes(XSS), `system page heading shows the name as text (${sysText})`);
check(await page.locator('script').count() === 0, 'no script element on the system page');
check(problems.length === 0, `no console errors after following links${problems.map((p) => '\n     ' + p).join('')}`);

// A sample of the other pages.
for (const rel of [...systems.slice(0, 5).map((f) => `systems/${f}`), 'departments/dwp.html', 'capabilities/BO.02.01.html']) {
  await open(rel);
}
check(await page.locator('svg.graph').count() === 1, 'capability page has its implementers graph');

// Paper.
await printable('index.html', 8);
await printable('roadmap.html', 60);
await printable('scorecards.html', 6);

check(dialogs === 0, `no dialog fired (${dialogs})`);
await context.close();
rmSync(userDataDir, { recursive: true, force: true });
// The plain closing line CI reads.
console.log(`\nbrowser: ${passes} passed, ${failures} failed`);
process.exit(failures === 0 ? 0 : 1);
