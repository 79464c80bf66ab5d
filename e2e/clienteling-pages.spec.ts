import { expect, test, type Browser } from "@playwright/test";
import { signInAndWaitForPortal, type DemoAccount } from "./fixtures";

/**
 * Every clienteling page renders for the roles that use it, on the demo data, on a 1024-pixel
 * tablet: the page answers, shows its heading, and neither the error page nor "not found" appears.
 * (The booking journey itself is e2e/appointments.spec.ts.)
 */
test.use({ viewport: { width: 1024, height: 768 } });

async function pageAs(browser: Browser, username: DemoAccount) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await signInAndWaitForPortal(page, username);
  return page;
}

async function expectRendered(page: Awaited<ReturnType<typeof pageAs>>, path: string) {
  const response = await page.goto(path);
  expect(response?.status(), path).toBeLessThan(400);
  await expect(page.locator("main h1").first(), path).toBeVisible();
  await expect(page.getByText("出错了"), path).toHaveCount(0);
  await expect(page.getByText("页面不存在"), path).toHaveCount(0);
}

const PAGES: Record<DemoAccount, string[]> = {
  manager: [
    "/appointments",
    "/appointments/week",
    "/appointments/list",
    "/appointments/new",
    "/appointments/setup",
    "/appointments/setup/types",
    "/appointments/setup/rooms",
    "/appointments/setup/hours",
    "/appointments/setup/time-off",
    "/appointments/setup/closures",
    "/appointments/waitlist",
    "/appointments/handover",
    "/tasks",
    "/events",
    "/events/new",
    "/admin/messages",
    "/complaints",
    "/complaints/new",
    "/complaints/approvals",
    "/complaints/budgets",
    "/complaints/sla-policy",
    "/complaints/notifications",
    "/complaints/inquiries",
    "/complaints/inquiries/new",
    "/complaints/report",
    "/after-sales",
    "/after-sales/calls",
    "/after-sales/report",
    "/after-sales/prices",
    "/reports",
    "/reports?preset=last_month",
    // A bad period is reported on the page, which shows this month instead: never an error page.
    "/reports?from=0001-01-01&to=2026-01-01",
  ],
  advisor: [
    "/appointments",
    "/appointments/week",
    "/appointments/list",
    "/appointments/new",
    "/appointments/waitlist",
    "/tasks",
    "/events",
    "/after-sales",
  ],
  service: [
    "/appointments",
    "/appointments/list",
    "/events",
    "/complaints",
    "/complaints/new",
    "/complaints/inquiries",
    "/after-sales",
  ],
  admin: [
    "/appointments/setup/types",
    "/appointments/setup/types/new",
    "/admin/messages",
    "/complaints/sla-policy",
    "/after-sales/prices",
    "/after-sales/report",
    "/reports",
  ],
  aftersales: ["/complaints", "/complaints/new", "/after-sales", "/after-sales/tickets/new", "/after-sales/calls"],
};

for (const [username, paths] of Object.entries(PAGES) as [DemoAccount, string[]][]) {
  if (paths.length === 0) continue;
  test(`${username}: the clienteling pages render`, async ({ browser }) => {
    const page = await pageAs(browser, username);
    for (const path of paths) await expectRendered(page, path);
  });
}

// The demo seed books visits over the next days (scripts/seed/seed-demo-appointments.ts).
test("a booked demo visit opens, with its preparation page and confirmations", async ({ browser }) => {
  const page = await pageAs(browser, "manager");
  await page.goto("/appointments/list");
  const href = await page
    .locator("main a[href]")
    .evaluateAll((links) =>
      links.map((a) => a.getAttribute("href")).find((h) => h && /^\/appointments\/[0-9a-f-]{36}$/.test(h)),
    );
  expect(href, "a demo visit in the list").toBeTruthy();
  await expectRendered(page, href!);
  await expectRendered(page, `${href}/prepare`);
  const ics = await page.request.get(`${href}/confirmation.ics`, { headers: { "Sec-Fetch-Site": "same-origin" } });
  expect(ics.status()).toBe(200);
  expect(await ics.text()).toContain("BEGIN:VEVENT");
});

// The demo seed walks a dozen service tickets through the workflow (scripts/seed/seed-after-sales.ts).
test("a demo service ticket opens from the after-sales queue, with its piece's passport", async ({ browser }) => {
  const page = await pageAs(browser, "aftersales");
  await page.goto("/after-sales");
  const ticket = page
    .locator("main a[href]")
    .filter({ hasText: /^SV-\d{8}-\d{4}$/ })
    .first();
  await expect(ticket, "a demo ticket in the queue").toBeVisible();
  const href = (await ticket.getAttribute("href"))!;
  expect(href).toMatch(/^\/after-sales\/tickets\/[0-9a-f-]{36}$/);
  await ticket.click();
  await expect(page).toHaveURL(new RegExp(`${href}$`));
  await expectRendered(page, href);
  const passport = await page.getByRole("link", { name: "饰品档案", exact: true }).getAttribute("href");
  expect(passport, "the ticket's link to the passport").toMatch(/^\/after-sales\/items\/[0-9a-f-]{36}$/);
  await expectRendered(page, passport!);
});
