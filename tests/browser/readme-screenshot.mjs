// Regenerates docs/report.png, the README's picture of the report (the heat map of examples/estate):
//   cargo build && node tests/browser/readme-screenshot.mjs
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const site = join(repo, 'target/browser/readme-site');
rmSync(site, { recursive: true, force: true });
const gen = spawnSync(resolve(repo, process.env.XGEA_BIN ?? 'target/debug/xgea'),
  ['report', 'examples/estate', '--out', site], { cwd: repo, encoding: 'utf8' });
if (gen.status !== 0) { console.error(gen.stderr); process.exit(1); }
const profile = join(repo, 'target/browser/readme-profile');
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', headless: true,
  viewport: { width: 1100, height: 640 }, deviceScaleFactor: 1,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
});
const page = await context.newPage();
await page.goto(pathToFileURL(join(site, 'heatmap.html')).href);
await page.screenshot({ path: join(repo, 'docs/report.png') });
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log('wrote docs/report.png');
