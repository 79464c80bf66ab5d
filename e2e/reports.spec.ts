import fs from "node:fs/promises";
import { expect, test } from "@playwright/test";
import { pdfText, signInAndWaitForPortal } from "./fixtures";

/**
 * Issue #17's journey: a manager filters the dashboard by store and month, drills from a figure to
 * the list behind it, and downloads the store's monthly report as a PDF (Chinese read back).
 */
test("a manager filters the dashboard by store and month, opens the list behind a figure and downloads the monthly report", async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 900 });
  await signInAndWaitForPortal(page, "manager");
  await page.goto("/reports");
  await expect(page.getByRole("heading", { name: "经营看板" })).toBeVisible();

  // Last month, one store.
  await page.getByRole("link", { name: "上月", exact: true }).click();
  await expect(page).toHaveURL(/preset=last_month/);
  await page.getByRole("checkbox", { name: "静安嘉里中心店" }).check();
  await page.getByRole("button", { name: "查看", exact: true }).click();
  await expect(page).toHaveURL(/store=[0-9a-f-]{36}/);
  const storeId = /store=([0-9a-f-]{36})/.exec(page.url())![1]!;
  await expect(page.getByText(/共 1 家门店/)).toBeVisible();
  // The charts are drawn, and say what they draw in a table for screen readers.
  const trend = page.locator("figure", { hasText: "每日销售额" });
  await expect(trend.locator(".recharts-line-curve")).toHaveCount(4);
  await expect(trend.locator("table caption")).toHaveText("每日销售额");

  // The figures as CSV, for the same store and period.
  const csvDownload = page.waitForEvent("download");
  await page.getByRole("link", { name: "导出 CSV", exact: true }).click();
  const csvFile = await csvDownload;
  expect(csvFile.suggestedFilename()).toMatch(/^dashboard-\d{4}-\d{2}-\d{2}-\d{4}-\d{2}-\d{2}\.csv$/);
  const csv = await fs.readFile((await csvFile.path())!, "utf8");
  expect(csv).toContain("板块,指标,单位,本期,上期");
  expect(csv).toContain("销售,会员销售额,元,");

  // A figure opens the list behind it: the store's dormant members.
  await page.locator('a[data-figure="沉睡"]').click();
  await expect(page).toHaveURL(new RegExp(`/members\\?stage=dormant&store=${storeId}`));
  await expect(page.locator("main h1").first()).toBeVisible();

  // The monthly report of the store for last month, in Chinese.
  await page.goto(`/reports?preset=last_month&store=${storeId}`);
  const form = page.locator('form[action="/reports/monthly.pdf"]');
  await expect(form.locator('select[name="store"]')).toHaveValue(storeId);
  const downloading = page.waitForEvent("download");
  await form.getByRole("button", { name: "下载", exact: true }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^monthly-report-sh-ja-\d{4}-\d{2}\.pdf$/);
  const text = (await pdfText(await fs.readFile((await download.path())!))).replace(/\s+/g, " ");
  expect(text).toContain("会员月报");
  expect(text).toContain("SH-JA 静安嘉里中心店");
  expect(text).toContain("会员销售额");
  expect(text).toContain("预约转化");
});
