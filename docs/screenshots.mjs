// Screenshots of the pages people use most, at a desktop and a phone width, for the README.
//
//   cargo run --release -- demo && cargo run --release -- serve &     (a demo site on :8080)
//   npm install --prefix target/shots playwright-core@1
//   NODE_PATH=target/shots/node_modules node docs/screenshots.mjs [http://127.0.0.1:8080]
//
// Drives Debian's Chromium (/usr/bin/chromium); signs in as the demo's member and editor.
import { createRequire } from "node:module";
const require = createRequire(import.meta.url);
const { chromium } = require("playwright-core");

const base = process.argv[2] ?? "http://127.0.0.1:8080";
const password = "tribune-demo-2026";
const out = new URL("./screenshots/", import.meta.url).pathname;

async function signIn(page, email) {
  await page.goto(`${base}/login`);
  await page.fill("main #email", email);
  await page.fill("main #password", password);
  await page.click("main form button[type=submit]");
  await page.waitForLoadState();
}

async function shoot(page, name, path) {
  for (const [width, label] of [[1280, "desktop"], [390, "phone"]]) {
    await page.setViewportSize({ width, height: 900 });
    await page.goto(`${base}${path}`);
    await page.screenshot({ path: `${out}${name}-${label}.png`, fullPage: true });
    console.log(`${name}-${label}.png  ${path}`);
  }
}

const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
const reader = await browser.newPage();
await reader.goto(`${base}/`);
// A single essay shows the byline and disclaimer as most pieces have them (the first link may be a digest).
const articles = await reader.$$eval("main a[href^='/articles/']", (links) => links.map((a) => a.getAttribute("href")));
const article = articles.find((href) => !href.includes("contributions-from")) ?? articles[0];
await shoot(reader, "article", article);
await shoot(reader, "ask", "/mailbag/ask");

const member = await (await browser.newContext()).newPage();
await signIn(member, "dolores@demo.invalid");
await shoot(member, "submit", "/submit");

const editor = await (await browser.newContext()).newPage();
await signIn(editor, "editor@demo.invalid");
await shoot(editor, "desk", "/review");
await editor.goto(`${base}/review`);
const review = await editor.getAttribute("main table a[href^='/review/']", "href");
// Claimed, the page shows every decision an editor can take.
await editor.goto(`${base}${review}`);
if (await editor.$("form[action$='/claim'] button")) {
  await editor.click("form[action$='/claim'] button");
  await editor.waitForLoadState();
}
await shoot(editor, "review", review);
await browser.close();
