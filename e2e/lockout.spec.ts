import { expect, test } from "@playwright/test";
import { formAlert, signIn, signInAndWaitForPortal } from "./fixtures";

// The lockout is per account, whatever address a request claims: this journey locks an account it
// creates, so the demo accounts of the other journeys stay usable. Each attempt claims another
// X-Forwarded-For; with no trusted proxy the app takes its right-most entry, so every attempt comes
// from a new address and only the account's count can lock.
test.use({ viewport: { width: 1440, height: 900 } });

test("five wrong passwords lock the account for 15 minutes, from any address and even for the right password", async ({
  page,
  browser,
}) => {
  const username = `e2e-lock-${Date.now().toString(36)}`;
  await signInAndWaitForPortal(page, "admin");
  await page.goto("/admin/staff");
  await page.getByRole("link", { name: "新建员工" }).click();
  await page.locator("#username").fill(username);
  await page.locator("#displayName").fill("测试 锁定");
  await page.getByLabel("私人购物顾问").check();
  await page.getByLabel(/静安嘉里中心店/).check();
  await page.getByRole("button", { name: "新建员工" }).click();
  const oneTimePassword = (await page.getByTestId("one-time-password").innerText()).trim();
  expect(oneTimePassword).toHaveLength(16);

  const guestContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 1440, height: 900 } });
  const guest = await guestContext.newPage();
  const fromAddress = (n: number) => guest.setExtraHTTPHeaders({ "X-Forwarded-For": `203.0.113.${n}` });
  for (let attempt = 1; attempt <= 4; attempt++) {
    await fromAddress(attempt);
    await signIn(guest, username, `wrong-${attempt}`);
    await expect(formAlert(guest)).toContainText("用户名或密码不正确");
  }
  await fromAddress(5);
  await signIn(guest, username, "wrong-5");
  await expect(formAlert(guest)).toContainText("锁定 15 分钟");
  await fromAddress(6);
  await signIn(guest, username, oneTimePassword);
  await expect(formAlert(guest)).toContainText("锁定 15 分钟");
  await guest.goto("/");
  await expect(guest).toHaveURL(/\/sign-in/);
  await guestContext.close();
});
