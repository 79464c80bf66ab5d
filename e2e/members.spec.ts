import { expect, test } from "@playwright/test";
import { namePinyinKeys } from "../lib/members/search/keys";
import { formAlert, signInAndWaitForPortal } from "./fixtures";

// A 1024×768 tablet in landscape: the 360° view is designed for it.
test.use({ viewport: { width: 1024, height: 768 } });

// Given-name characters with unambiguous readings, so the initials are predictable.
const GIVEN = [
  "晓",
  "华",
  "静",
  "敏",
  "丽",
  "婷",
  "峰",
  "涛",
  "磊",
  "军",
  "芳",
  "燕",
  "霞",
  "波",
  "鹏",
  "杰",
  "琳",
  "雪",
  "梅",
  "红",
];

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

/** A name unlikely to collide with demo data (compound surname + two random characters) and a fresh phone. */
function newMember() {
  const name = `欧阳${pick(GIVEN)}${pick(GIVEN)}`;
  const digits = String(Date.now()).slice(-8);
  const phone = `139${digits}`;
  return { name, phone, last4: phone.slice(-4), initials: namePinyinKeys(name).initials };
}

test("a manager registers a member, finds them by pinyin initials, reveals the phone with a reason and edits preferences", async ({
  page,
}) => {
  const member = newMember();
  await signInAndWaitForPortal(page, "manager");

  // Create
  await page.goto("/members/new");
  await page.locator("#name").fill(member.name);
  // Typed with spaces, as staff often do; the server stores +86…
  await page.locator("#phone").fill(`${member.phone.slice(0, 3)} ${member.phone.slice(3, 7)} ${member.phone.slice(7)}`);
  await page.locator("#gender").selectOption("female");
  await page.locator("input[name=consent-sms]").check();
  await page.locator("main form").getByRole("button", { name: "新建会员" }).click();
  await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}/);
  await expect(page.getByTestId("member-title")).toBeVisible();

  // The same phone again links to the existing member instead of creating a second one.
  await page.goto("/members/new");
  await page.locator("#name").fill("另一位");
  await page.locator("#phone").fill(member.phone);
  await page.locator("main form").getByRole("button", { name: "新建会员" }).click();
  await expect(page.getByTestId("existing-member")).toBeVisible();

  // Find by pinyin initials: the search box has the focus on arrival.
  await page.goto("/members");
  const searchBox = page.getByTestId("member-search");
  await expect(searchBox).toBeFocused();
  await searchBox.fill(member.initials);
  await searchBox.press("Enter");
  await expect(page).toHaveURL(new RegExp(`q=${member.initials}`));
  const row = page.locator("tbody tr").filter({ hasText: `****${member.last4}` });
  await expect(row).toHaveCount(1);
  // Masked for a manager: the full number is not on the page.
  await expect(page.locator("tbody")).not.toContainText(member.phone);
  await row.getByTestId("member-link").click();

  // The 360° view: masked header, then reveal the phone with a reason.
  await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}$/);
  const phoneCell = page.getByTestId("member-phone");
  await expect(phoneCell).toContainText(`****${member.last4}`);
  await expect(phoneCell).not.toContainText(member.phone);
  await expect(page.getByRole("heading", { name: "偏好" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "消费记录" })).toBeVisible();

  await page.getByRole("button", { name: "查看完整信息" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toBeVisible();
  // Too short a reason is refused before anything is revealed.
  await dialog.locator("#reveal-reason").fill("看");
  await dialog.getByRole("button", { name: "确认查看" }).click();
  await expect(dialog.locator("#reveal-reason-error")).toBeVisible();
  await dialog.locator("#reveal-reason").fill("客户来电核对身份");
  await dialog.getByRole("button", { name: "确认查看" }).click();
  await expect(dialog).toBeHidden();
  await expect(phoneCell).toContainText(member.phone);

  // Edit preferences in their dialog.
  await page.getByRole("button", { name: "编辑偏好" }).click();
  const preferences = page.getByTestId("preferences-form");
  await preferences.getByLabel("黄金").check();
  await preferences.getByLabel("经典").check();
  await preferences.locator("#ringSize").fill("13");
  await preferences.getByRole("button", { name: "保存偏好" }).click();
  await expect(page.getByTestId("member-preferences")).toContainText("黄金");
  await expect(page.getByTestId("member-preferences")).toContainText("经典");
  await expect(formAlert(page)).toHaveCount(0);

  // Survives a reload (stored, not just client state).
  await page.reload();
  await expect(page.getByTestId("member-preferences")).toContainText("黄金");
});

test("an empty search asks the user to type; a search without match says so", async ({ page }) => {
  await signInAndWaitForPortal(page, "advisor");
  await page.goto("/members");
  await expect(page.getByText("输入关键词开始查找")).toBeVisible();
  await page.getByTestId("member-search").fill("qqqqzz");
  await page.getByTestId("member-search").press("Enter");
  await expect(page.getByText("没有找到匹配的会员")).toBeVisible();
});

test("the 360° view shows its sections, the history ones streamed in, without moving the page, and its forms open in dialogs", async ({
  page,
}) => {
  const member = newMember();
  await signInAndWaitForPortal(page, "manager");
  await page.goto("/members/new");
  await page.locator("#name").fill(member.name);
  await page.locator("#phone").fill(member.phone);
  await page.locator("main form").getByRole("button", { name: "新建会员" }).click();
  await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}/);
  const memberUrl = page.url().split("?")[0]!;

  // A fresh load: once the spend summary and the points ledger have streamed in (their placeholders gone),
  // nothing on the page has moved (no layout shift).
  await page.goto(memberUrl);
  await expect(page.getByTestId("member-title")).toBeVisible();
  await expect(page.locator(".animate-pulse")).toHaveCount(0);
  const shifted = await page.evaluate(
    () =>
      new Promise<number>((resolve) => {
        new PerformanceObserver((list) =>
          resolve(
            list
              .getEntries()
              .reduce(
                (sum, e) =>
                  sum +
                  ((e as unknown as { hadRecentInput: boolean }).hadRecentInput
                    ? 0
                    : (e as unknown as { value: number }).value),
                0,
              ),
          ),
        ).observe({ type: "layout-shift", buffered: true });
        setTimeout(() => resolve(0), 1000);
      }),
  );
  expect(shifted).toBe(0);

  // The notes, dates and wishlist take their additions in dialogs, which close when saved.
  await page.getByRole("button", { name: "添加备注" }).click();
  let dialog = page.getByRole("dialog");
  await dialog.locator("#note-body").fill("喜欢简约款，下月结婚纪念日");
  await dialog.getByRole("button", { name: "添加备注" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("notes-timeline")).toContainText("喜欢简约款");

  await page.getByRole("button", { name: "添加日期" }).click();
  dialog = page.getByRole("dialog");
  await dialog.locator("#date-value").fill("2025-06-18");
  await dialog.locator("#date-label").fill("结婚纪念日");
  await dialog.getByRole("button", { name: "添加日期" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("结婚纪念日", { exact: true })).toBeVisible();

  await page.getByRole("button", { name: "加入心愿单" }).click();
  dialog = page.getByRole("dialog");
  await dialog.locator("#wish-description").fill("翡翠手镯");
  await dialog.getByRole("button", { name: "加入心愿单" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByText("翡翠手镯")).toBeVisible();

  // A member card with a generated number, and a points adjustment that applies at once.
  await page.getByRole("button", { name: "发放新会员卡" }).click();
  dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "发卡" }).click();
  await expect(dialog.getByRole("status")).toContainText("已发放会员卡");
  await dialog.getByRole("button", { name: "关闭" }).click();
  await expect(dialog).toBeHidden();

  await page.getByRole("button", { name: "积分调整" }).click();
  dialog = page.getByRole("dialog");
  await dialog.locator("#points-adjust-points").fill("120");
  await dialog.locator("#points-adjust-reason").fill("开卡礼");
  await dialog.getByRole("button", { name: "下一步" }).click();
  await dialog.getByRole("button", { name: "确认调整" }).click();
  await expect(dialog.getByText(/调整成功/)).toBeVisible();
  await dialog.getByRole("button", { name: "关闭" }).click();
  await expect(page.getByTestId("points-balance")).toContainText("120");
  await expect(page.getByTestId("points-ledger")).toContainText("开卡礼");
});
