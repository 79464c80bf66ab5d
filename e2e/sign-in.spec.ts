import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, navLabels, signIn, signInAndWaitForPortal, formAlert } from "./fixtures";

// zh-CN is the browser language in playwright.config.ts, so labels are Chinese.
const expectedNavigation: Record<string, string[]> = {
  admin: [
    "首页",
    "经营看板",
    "会员",
    "会员导入",
    "重复会员",
    "信息查看记录",
    "我的账户",
    "储值卡",
    "礼品目录",
    "会员等级",
    "积分规则",
    "负债报表",
    "员工管理",
    "门店管理",
    "API 密钥",
    "审计日志",
    "预约",
    "预约设置",
    "消息发件箱",
    "投诉与咨询",
    "售后服务",
    "售后报表",
    "售后价目",
  ],
  manager: [
    "首页",
    "经营看板",
    "会员",
    "会员导入",
    "重复会员",
    "信息查看记录",
    "会员导出",
    "我的账户",
    "待审批",
    "储值卡",
    "负债报表",
    "门店管理",
    "审计日志",
    "预约",
    "我的任务",
    "VIP 活动",
    "预约设置",
    "消息发件箱",
    "投诉与咨询",
    "售后服务",
    "回访",
    "售后报表",
    "售后价目",
  ],
  advisor: ["首页", "会员", "我的账户", "预约", "我的任务", "VIP 活动", "投诉与咨询", "售后服务"],
  aftersales: ["首页", "会员", "我的账户", "投诉与咨询", "售后服务", "回访"],
  service: ["首页", "会员", "我的账户", "储值卡", "预约", "VIP 活动", "投诉与咨询", "售后服务"],
};

test.use({ viewport: { width: 1440, height: 900 } });

for (const [username, labels] of Object.entries(expectedNavigation)) {
  test(`${username} signs in and sees exactly the navigation of the role`, async ({ page }) => {
    await signInAndWaitForPortal(page, username);
    await expect(page).toHaveURL(/\/$/);
    expect((await navLabels(page)).sort()).toEqual([...labels].sort());
  });
}

test("a wrong password is refused with a clear message and no session", async ({ page }) => {
  await signIn(page, "advisor", "not-the-password");
  await expect(formAlert(page)).toContainText("用户名或密码不正确");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("sign-out ends the session", async ({ page }) => {
  await signInAndWaitForPortal(page, "service");
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/account");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("a session cookie kept from before sign-out is refused afterwards", async ({ page, browser }) => {
  await signInAndWaitForPortal(page, "service");
  const cookies = await page.context().cookies();
  expect(cookies.some((c) => c.name.endsWith("authjs.session-token"))).toBe(true);
  await page.getByRole("button", { name: "退出登录" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  // The same, still unexpired cookie sent again from another browser: the server ended that session.
  const replay = await browser.newContext({ locale: "zh-CN" });
  await replay.addCookies(cookies);
  const other = await replay.newPage();
  await other.goto("/account");
  await expect(other).toHaveURL(/\/sign-in/);
  await replay.close();
});

test("the credentials callback also signs in over plain HTTP (for scripts)", async ({ request }) => {
  const { csrfToken } = await (await request.get("/api/auth/csrf")).json();
  const response = await request.post("/api/auth/callback/credentials", {
    form: { csrfToken, username: "manager", password: DEMO_PASSWORD },
    maxRedirects: 0,
  });
  expect(response.status()).toBe(302);
  const cookies = response
    .headersArray()
    .filter((h) => h.name.toLowerCase() === "set-cookie")
    .map((h) => h.value);
  expect(cookies.some((c) => c.includes("authjs.session-token="))).toBe(true);
  const page = await request.get("/account");
  expect(await page.text()).toContain("manager");
});
