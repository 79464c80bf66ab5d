import { expect, test } from "@playwright/test";
import { signInAndWaitForPortal } from "./fixtures";

test("the language switch changes the sign-in page", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "员工登录" })).toBeVisible();
  await page.getByLabel("语言").selectOption("en");
  await expect(page.getByRole("heading", { name: "Staff sign-in" })).toBeVisible();
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page.getByRole("heading", { name: "员工登录" })).toBeVisible();
});

test("an English browser gets English by default", async ({ browser }) => {
  const context = await browser.newContext({ locale: "en-US" });
  const page = await context.newPage();
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { name: "Staff sign-in" })).toBeVisible();
  await context.close();
});

test("the chosen language is remembered for the staff member on a new device", async ({ browser }) => {
  const first = await browser.newContext({ locale: "zh-CN", viewport: { width: 1440, height: 900 } });
  const page = await first.newPage();
  await signInAndWaitForPortal(page, "manager");
  await page.getByLabel("语言").selectOption("en");
  await expect(page.getByRole("button", { name: "Sign out" })).toBeVisible();
  await first.close();

  // A fresh browser (no cookie) with a Chinese browser language: the saved choice wins after sign-in.
  const second = await browser.newContext({ locale: "zh-CN", viewport: { width: 1440, height: 900 } });
  const again = await second.newPage();
  await signInAndWaitForPortal(again, "manager");
  await expect(again.getByRole("button", { name: "Sign out" })).toBeVisible();
  await again.getByLabel("Language").selectOption("zh-CN");
  await expect(again.getByRole("button", { name: "退出登录" })).toBeVisible();
  await second.close();
});
