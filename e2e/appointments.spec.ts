import { tz } from "@date-fns/tz";
import { expect, test, type Browser } from "@playwright/test";
import { addDays, format } from "date-fns";
import postgres from "postgres";
import { signInAndWaitForPortal } from "./fixtures";

// The counter's tablet.
test.use({ viewport: { width: 1024, height: 768 } });

const STORE_ZONE = "Asia/Shanghai";

async function pageAs(browser: Browser, username: string) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await signInAndWaitForPortal(page, username);
  return page;
}

/**
 * A day both demo advisors of SH-JA work in the afternoon (scripts/seed/seed-appointments.ts:
 * `advisor` Monday to Friday 15:00–21:00, `advisor2` Tuesday to Sunday 12:00–21:00), far enough
 * ahead for the type's notice: the first Tuesday to Friday from two days on, store time.
 */
function visitDay(): string {
  for (let days = 2; ; days++) {
    const day = addDays(new Date(), days);
    const weekday = Number(format(day, "i", { in: tz(STORE_ZONE) })); // 1 = Monday … 7 = Sunday
    if (weekday >= 2 && weekday <= 5) return format(day, "yyyy-MM-dd", { in: tz(STORE_ZONE) });
  }
}

test("an advisor books a visit for a member on a tablet, moves it to another advisor, checks the client in and completes it", async ({
  browser,
}) => {
  const page = await pageAs(browser, "advisor");

  // A member of the advisor's store to book for.
  const phone = `136${String(Date.now()).slice(-8)}`;
  await page.goto("/members/new");
  await page.locator("#name").fill("柳预约");
  await page.locator("#phone").fill(phone);
  await page.locator("main form").getByRole("button", { name: "新建会员" }).click();
  await expect(page).toHaveURL(/\/members\/[0-9a-f-]{36}/);

  // Book: find the member by phone, a bridal ring consultation (any tier, a room) with the advisor.
  const day = visitDay();
  await page.goto("/appointments/new");
  await page.locator("#member-search").fill(phone);
  await page.getByRole("button", { name: "查找", exact: true }).click();
  await page
    .getByRole("button", { name: /^选择 / })
    .first()
    .click();
  await expect(page.getByTestId("booking-member")).toContainText(phone.slice(-4));
  await page.locator("#typeId").selectOption({ label: "婚戒咨询 · 60 分钟" });
  await page.locator("#date").fill(day);
  await page.locator("#advisorId").selectOption({ label: "顾问 陈晓华" });
  const slots = page.getByTestId("free-slots");
  await slots.getByRole("button", { name: "15:00", exact: true }).click();
  await expect(slots.getByRole("button", { name: "15:00", exact: true })).toHaveAttribute("aria-pressed", "true");
  await page.locator("#note").fill("想看对戒，预算两万左右");
  await page.getByRole("button", { name: "确认预约" }).click();

  await expect(page).toHaveURL(/\/appointments\/[0-9a-f-]{36}\?done=booked/);
  const appointmentId = /\/appointments\/([0-9a-f-]{36})/.exec(page.url())![1]!;
  await expect(page.getByText(/预约成功/)).toBeVisible();
  await expect(page.getByTestId("appointment-status")).toHaveText("已确认");
  await expect(page.getByTestId("appointment-advisor")).toHaveText("顾问 陈晓华");
  await expect(page.getByTestId("appointment-time")).toContainText("15:00–16:00");
  await expect(page.getByRole("link", { name: "到店准备" })).toHaveAttribute(
    "href",
    `/appointments/${appointmentId}/prepare`,
  );

  // Reschedule: the same day, another advisor, 16:00 (touch targets are full-size buttons).
  await page.getByRole("button", { name: "改期", exact: true }).click();
  const dialog = page.getByRole("dialog", { name: "改期" });
  await expect(dialog).toBeVisible();
  await dialog.locator("#reschedule-advisor").selectOption({ label: "顾问 王雅琪" });
  await dialog.locator("#reschedule-slots").getByRole("button", { name: "16:00", exact: true }).click();
  await expect(dialog.getByTestId("reschedule-chosen")).toContainText("16:00");
  await dialog.getByRole("button", { name: "确认改期" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId("appointment-advisor")).toHaveText("顾问 王雅琪");
  await expect(page.getByTestId("appointment-time")).toContainText("16:00–17:00");
  const history = page.getByTestId("appointment-history");
  await expect(history).toContainText("已改期");
  await expect(history).toContainText("顾问 陈晓华");
  await expect(history).toContainText("已预约");

  // The store's day calendar draws the visit in its new advisor's column once the page is live; the
  // column's header opens that advisor's week, which draws it too.
  const visitBlock = page.locator(`main a[href="/appointments/${appointmentId}"]`);
  await page.goto(`/appointments?date=${day}`);
  await expect(visitBlock).toBeVisible();
  await expect(visitBlock).toContainText("16:00");
  await expect(visitBlock).toContainText("婚戒咨询");
  await page.locator("main a[href^='/appointments/week']", { hasText: "顾问 王雅琪" }).click();
  await expect(page).toHaveURL(/\/appointments\/week\?.*advisor=/);
  await expect(visitBlock).toBeVisible();
  await page.goto(`/appointments/${appointmentId}`);

  // The day of the visit: the client arrives. Check-in opens an hour before the start, so the test
  // moves the visit to have started a minute ago (the server's clock cannot be set from here).
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  try {
    await sql`
      update appointments
         set starts_at = now() - interval '1 minute',
             ends_at = now() + interval '59 minutes',
             blocked_until = now() + interval '74 minutes'
       where id = ${appointmentId}`;
  } finally {
    await sql.end({ timeout: 5 });
  }
  await page.reload();

  await page.getByRole("button", { name: "到店签到" }).click();
  await expect(page.getByTestId("appointment-status")).toHaveText("已到店");
  await page.getByRole("button", { name: "完成接待" }).click();
  await expect(page.getByTestId("appointment-status")).toHaveText("已完成");
  await expect(page.getByText("此预约已无可执行的操作。")).toBeVisible();
  await expect(history.locator("li").first()).toContainText("完成接待");
  await expect(history.locator("li")).toHaveCount(4);
});
