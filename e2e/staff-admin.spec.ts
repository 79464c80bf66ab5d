import { expect, test } from "@playwright/test";
import { navLabels, signIn, signInAndWaitForPortal, formAlert } from "./fixtures";

test.use({ viewport: { width: 1440, height: 900 } });

test("an admin creates a staff member who must change the one-time password, then deactivates them", async ({
  page,
  browser,
}) => {
  const username = `e2e-${Date.now().toString(36)}`;
  await signInAndWaitForPortal(page, "admin");

  // Create
  await page.goto("/admin/staff");
  await page.getByRole("link", { name: "新建员工" }).click();
  await page.locator("#username").fill(username);
  await page.locator("#displayName").fill("测试 顾问");
  await page.getByLabel("私人购物顾问").check();
  await page.getByLabel(/静安嘉里中心店/).check();
  await page.getByRole("button", { name: "新建员工" }).click();
  const oneTimePassword = (await page.getByTestId("one-time-password").innerText()).trim();
  expect(oneTimePassword).toHaveLength(16);

  // The list finds the new account by search (filter in the URL)
  await page.goto("/admin/staff");
  await page.getByRole("searchbox").fill(username);
  await expect(page).toHaveURL(new RegExp(`q=${username}`));
  await expect(page.getByRole("link", { name: username })).toBeVisible();
  await expect(page.locator("tbody tr")).toHaveCount(1);

  // First sign-in forces a password change; the new password then works.
  const staffContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1440, height: 900 } });
  const staffPage = await staffContext.newPage();
  await signIn(staffPage, username, oneTimePassword);
  await expect(staffPage).toHaveURL(/\/change-password/);
  await staffPage.goto("/");
  await expect(staffPage).toHaveURL(/\/change-password/);
  await staffPage.locator("#currentPassword").fill(oneTimePassword);
  await staffPage.locator("#newPassword").fill("short");
  await staffPage.locator("#confirmPassword").fill("short");
  await staffPage.getByRole("button", { name: "修改密码" }).click();
  await expect(staffPage.locator("#newPassword-error")).toBeVisible();
  await staffPage.locator("#newPassword").fill("a-much-longer-secret");
  await staffPage.locator("#confirmPassword").fill("a-much-longer-secret");
  await staffPage.getByRole("button", { name: "修改密码" }).click();
  await expect(staffPage).toHaveURL(/\/sign-in\?changed=1/);
  await signInAndWaitForPortal(staffPage, username, "a-much-longer-secret");
  expect((await navLabels(staffPage)).sort()).toEqual(
    ["我的账户", "会员", "首页", "预约", "我的任务", "VIP 活动", "投诉与咨询", "售后服务"].sort(),
  );

  // Deactivation ends the running session at once.
  await page.getByRole("link", { name: username }).click();
  await page.getByRole("button", { name: "停用账号" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "停用账号" }).click();
  await expect(page.getByText("已停用").first()).toBeVisible();
  await staffPage.reload();
  await expect(staffPage).toHaveURL(/\/sign-in/);
  await signIn(staffPage, username, "a-much-longer-secret");
  await expect(formAlert(staffPage)).toContainText("用户名或密码不正确");
  await staffContext.close();

  // The audit log shows what happened.
  await page.goto("/admin/audit?actor=admin");
  await expect(page.locator("tbody")).toContainText(username);
});

test("an admin cannot create a staff member with an invalid username (server-side validation)", async ({ page }) => {
  await signInAndWaitForPortal(page, "admin");
  await page.goto("/admin/staff/new");
  await page.locator("#username").fill("UPPER CASE!");
  await page.locator("#displayName").fill("X");
  await page.getByLabel("客服").check();
  await page.getByRole("button", { name: "新建员工" }).click();
  await expect(page.locator("#username-error")).toBeVisible();
  await expect(page.getByTestId("one-time-password")).toHaveCount(0);
});
