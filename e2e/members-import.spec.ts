import path from "node:path";
import { expect, test } from "@playwright/test";
import { signInAndWaitForPortal } from "./fixtures";

// The legacy export kept in the repository, so that a clone alone runs this journey.
const SAMPLE = path.resolve(process.cwd(), "tests/fixtures/members-legacy.csv");

test.use({ viewport: { width: 1280, height: 900 } });

test("a manager dry-runs the legacy file, sees the expected counts and the rejected rows, then imports it", async ({
  page,
}) => {
  test.setTimeout(180_000);
  await signInAndWaitForPortal(page, "manager");
  await page.goto("/members/import");
  await page.locator("input[type=file]").setInputFiles(SAMPLE);

  // Preview with the guessed mapping, then the dry run.
  await page.getByRole("button", { name: "试运行" }).click();
  const stat = (label: string) =>
    page
      .locator("dl > div")
      .filter({ has: page.locator("dt", { hasText: label }) })
      .locator("dd");
  await expect(stat("总行数")).toHaveText("2,000", { timeout: 60_000 });
  await expect(stat("会员数")).toHaveText("1,777");
  await expect(stat("重复行")).toHaveText("147");
  await expect(stat("拒绝行")).toHaveText("76");
  await expect(stat("生日已忽略")).toHaveText("25");
  await expect(page.getByRole("link", { name: /下载拒绝的行/ })).toBeVisible();

  await page.getByRole("button", { name: "导入", exact: true }).click();
  await expect(page.getByText(/导入完成/)).toBeVisible({ timeout: 120_000 });

  // The imported members are searchable at once: a phone from the file.
  await page.goto("/members?q=13560181590");
  await expect(page.locator("tbody tr")).toHaveCount(1);
});
