import { expect, test } from "@playwright/test";
import { signInAndWaitForPortal } from "./fixtures";

test("an after-sales user cannot export: the export page is 403 and the CSV URL answers 403", async ({ page }) => {
  await signInAndWaitForPortal(page, "aftersales");

  const response = await page.goto("/members/export");
  expect(response?.status()).toBe(403);
  await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();

  // The route decides on the server, whatever the page shows.
  const csv = await page.request.get("/members/export/csv?columns=name,phone");
  expect(csv.status()).toBe(403);
  expect((await csv.json()).error.code).toBe("forbidden");
});

test("a signed-out visitor gets 401 from the CSV URL, not data", async ({ request }) => {
  const csv = await request.get("/members/export/csv?columns=name,phone");
  expect(csv.status()).toBe(401);
  expect((await csv.json()).error.code).toBe("unauthenticated");
});

test("a manager downloads a CSV with a BOM and only the chosen columns", async ({ page }) => {
  await signInAndWaitForPortal(page, "manager");
  const csv = await page.request.get("/members/export/csv?columns=phone,name");
  expect(csv.status()).toBe(200);
  expect(csv.headers()["content-type"]).toContain("text/csv");
  expect(csv.headers()["content-disposition"]).toMatch(/attachment; filename="members-\d{8}-\d{4}\.csv"/);
  const text = (await csv.body()).toString("utf8");
  expect(text.charCodeAt(0)).toBe(0xfeff);
  expect(text.slice(1).split("\r\n")[0]).toBe("姓名,手机号");
});

test("the after-sales user cannot open the duplicates, reveal review or erase pages", async ({ page }) => {
  await signInAndWaitForPortal(page, "aftersales");
  for (const path of [
    "/members/duplicates",
    "/members/reveals",
    "/members/00000000-0000-4000-8000-000000000000/erase",
  ]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
});
