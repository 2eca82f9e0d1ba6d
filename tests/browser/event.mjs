// Headless Chromium through playwright-core: the story list, the seeds'
// story, its 30 December event, and the troop figures marked as a conflict
// in the figures table. Run by `cargo test` (crates/cli/tests/it/browser.rs),
// which starts `storyline serve` on the seeds and sets:
//   STORYLINE_URL         the server's base URL
//   STORYLINE_SCREENSHOT  where to save the screenshot of the event page
//   CHROMIUM              the browser (default /usr/bin/chromium)
import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

const base = process.env.STORYLINE_URL;
const shot = process.env.STORYLINE_SCREENSHOT ?? "event.png";
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
if (!base) throw new Error("STORYLINE_URL is not set");

function check(ok, message) {
  if (!ok) throw new Error(message);
}

const profile = mkdtempSync(join(tmpdir(), "storyline-chromium-"));
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});
// Nothing may be fetched from anywhere but the server.
const outside = [];
context.on("request", (r) => {
  if (!r.url().startsWith(base)) outside.push(r.url());
});
try {
  const page = await context.newPage();
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));

  // The story list, with a timeline of events per story.
  await page.goto(base + "/");
  const stories = page.locator("section.story");
  check((await stories.count()) >= 1, "the story list is empty");
  // The seeds' story: the one whose timeline holds an event of 30 December.
  const story = stories.filter({ has: page.locator("ol.timeline time", { hasText: "2021-12-30" }) }).first();
  check((await story.count()) === 1, "no story with an event on 2021-12-30 in the list");
  await story.locator("h2 a").click();
  await page.waitForURL(/\/stories\/s\d+$/);
  console.log("story page:", page.url(), "—", await page.locator("h1").innerText());

  // Its 30 December event, from the story's timeline.
  const entry = page.locator("ol.timeline li", { has: page.locator("time", { hasText: "2021-12-30" }) }).first();
  check((await entry.count()) === 1, "the story's timeline has no event on 2021-12-30");
  await entry.locator("a").click();
  await page.waitForURL(/\/events\/e\d+$/);
  console.log("event page:", page.url(), "—", await page.locator("h1").innerText());

  // The figures table: the troop figures, marked as a conflict.
  const table = page.locator("#figures-table");
  await table.waitFor();
  const row = table.locator("tbody tr", { hasText: "soldiers" }).first();
  check((await row.count()) === 1, "no row for the soldiers in the figures table");
  const cls = (await row.getAttribute("class")) ?? "";
  const text = await row.innerText();
  check(cls.includes("status-conflict"), `the soldiers' row is not marked as a conflict: class="${cls}"`);
  check(/conflict/.test(text), `the soldiers' row does not say "conflict": ${text}`);
  check(text.includes("100,000"), `the soldiers' row lacks 100,000: ${text}`);
  check(text.includes("60,000–90,000"), `the soldiers' row lacks 60,000–90,000: ${text}`);
  console.log("figures row:", text.replace(/\s+/g, " ").slice(0, 200));

  // The script's status filter works: hiding conflicts hides the row.
  const conflictBox = page.locator(".status-filter input[value=conflict]");
  check((await conflictBox.count()) === 1, "the status filter was not added by the script");
  await conflictBox.uncheck();
  check(!(await row.isVisible()), "unchecking conflict does not hide the row");
  await conflictBox.check();
  check(await row.isVisible(), "checking conflict again does not show the row");

  // Outlets side by side, copies folded under their original.
  check((await page.locator("#outlets article.outlet").count()) >= 2, "fewer than two outlet columns");

  check(errors.length === 0, `script errors: ${errors.join("; ")}`);
  check(outside.length === 0, `requests beyond the server: ${outside.join(", ")}`);
  mkdirSync(dirname(shot), { recursive: true });
  await row.scrollIntoViewIfNeeded();
  await page.screenshot({ path: shot, fullPage: true });
  const figures = join(dirname(shot), "figures.png");
  await page.locator("#figures").screenshot({ path: figures });
  console.log("screenshots:", shot, figures);
  console.log("browser test passed");
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
