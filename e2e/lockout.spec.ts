import { expect, test } from "@playwright/test";
import { DEMO_PASSWORD, signIn, formAlert } from "./fixtures";

// The lockout is per username and client IP: this journey uses its own forwarded address, so the
// other journeys signing in as the same demo account from 127.0.0.1 are unaffected.
test.use({ extraHTTPHeaders: { "X-Forwarded-For": "203.0.113.77" } });

test("five wrong passwords lock the account on that address for 15 minutes, even for the right password", async ({
  page,
}) => {
  for (let attempt = 1; attempt <= 4; attempt++) {
    await signIn(page, "aftersales", `wrong-${attempt}`);
    await expect(formAlert(page)).toContainText("用户名或密码不正确");
  }
  await signIn(page, "aftersales", "wrong-5");
  await expect(formAlert(page)).toContainText("锁定 15 分钟");
  await signIn(page, "aftersales", DEMO_PASSWORD);
  await expect(formAlert(page)).toContainText("锁定 15 分钟");
  await page.goto("/");
  await expect(page).toHaveURL(/\/sign-in/);
});
