import { expect, test, type Browser } from "@playwright/test";
import { signInAndWaitForPortal, type DemoAccount } from "./fixtures";

/**
 * Role homes at `/` (issue #17): each demo account starts on its own sections, on a 1024-pixel
 * tablet, in Chinese and in English. Each section shows its rows or its empty state, and every row
 * opens a page that renders.
 */

const SECTIONS: Partial<Record<DemoAccount, { testId: string; title: string }[]>> = {
  advisor: [
    { testId: "home-advisorAppointments", title: "我今明两天的预约" },
    { testId: "home-advisorTasks", title: "我的跟进与任务" },
    { testId: "home-importantDates", title: "未来 14 天的重要日子" },
    { testId: "home-dormantClients", title: "新近沉睡的客户" },
  ],
  aftersales: [
    { testId: "home-ticketQueue", title: "售后工单队列" },
    { testId: "home-overdueTickets", title: "逾期售后工单" },
    { testId: "home-followUpCalls", title: "待办回访" },
  ],
  service: [
    { testId: "home-myComplaints", title: "我处理中的投诉" },
    { testId: "home-atRiskComplaints", title: "即将超时的投诉" },
  ],
  manager: [{ testId: "home-storeSummary", title: "我的门店今日概况" }],
};

/** Test ids of sections that belong to another role than the account's. */
const ALL_SECTION_IDS = Object.values(SECTIONS).flatMap((sections) => sections!.map((s) => s.testId));

async function homeAs(browser: Browser, username: DemoAccount) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await signInAndWaitForPortal(page, username);
  return { context, page };
}

for (const [username, sections] of Object.entries(SECTIONS) as [DemoAccount, { testId: string; title: string }[]][]) {
  test(`${username} starts the day on their own sections at /`, async ({ browser }) => {
    const { context, page } = await homeAs(browser, username);
    const response = await page.goto("/");
    expect(response?.status()).toBe(200);
    await expect(page.getByText("出错了")).toHaveCount(0);
    for (const section of sections) {
      const card = page.getByTestId(section.testId);
      await expect(card, section.testId).toBeVisible();
      await expect(card.getByRole("heading", { name: section.title })).toBeVisible();
    }
    for (const other of ALL_SECTION_IDS.filter((id) => !sections.some((s) => s.testId === id))) {
      await expect(page.getByTestId(other), other).toHaveCount(0);
    }
    // The store hours card stays for every role.
    await expect(page.getByRole("heading", { name: "今日门店营业时间" })).toBeVisible();
    // Nothing runs off the side of the tablet's screen.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // Each list section shows rows or says why there are none; its first row opens a page that renders.
    for (const section of sections.filter((s) => s.testId !== "home-storeSummary")) {
      const card = page.getByTestId(section.testId);
      const rows = card.locator("ul > li > a");
      const empty = card.getByTestId(`${section.testId}-empty`);
      expect((await rows.count()) > 0 || (await empty.count()) === 1, section.testId).toBe(true);
    }
    // Every "see all" link opens its list.
    const seeAll = await page
      .locator("[data-testid^=home-] header a")
      .evaluateAll((links) => links.map((link) => link.getAttribute("href")!));
    expect(seeAll.length).toBe(sections.filter((s) => s.testId !== "home-storeSummary").length);
    for (const href of seeAll) {
      const opened = await page.goto(href);
      expect(opened?.status(), href).toBeLessThan(400);
      await expect(page.locator("main h1").first(), href).toBeVisible();
      await expect(page.getByText("页面不存在"), href).toHaveCount(0);
      await expect(page.getByText("出错了"), href).toHaveCount(0);
    }
    await page.goto("/");
    const firstRow = page.locator("[data-testid^=home-] ul > li > a").first();
    if ((await firstRow.count()) > 0) {
      const href = await firstRow.getAttribute("href");
      const opened = await page.goto(href!);
      expect(opened?.status(), href!).toBeLessThan(400);
      await expect(page.locator("main h1").first(), href!).toBeVisible();
      await expect(page.getByText("页面不存在"), href!).toHaveCount(0);
    }
    await context.close();
  });
}

test("the manager's figures open their lists, and parameters in the address change nothing", async ({ browser }) => {
  const { context, page } = await homeAs(browser, "manager");
  // The home page takes no parameters: hostile ones are ignored, not a failure.
  const hostile = await page.goto("/?store=00000000-0000-4000-8000-000000000000&page=-1&tab=%00&view=store&advisor=x");
  expect(hostile?.status()).toBe(200);
  await expect(page.getByTestId("home-storeSummary")).toBeVisible();
  await page.goto("/");
  await page.getByTestId("home-figure-overdueTickets").click();
  await expect(page).toHaveURL(/\/after-sales\?status=overdue/);
  await expect(page.locator("main h1").first()).toBeVisible();
  await context.close();
});

test("the home page speaks English too", async ({ browser }) => {
  const { context, page } = await homeAs(browser, "aftersales");
  await page.getByLabel("语言").selectOption("en");
  await expect(
    page.getByTestId("home-ticketQueue").getByRole("heading", { name: "Service ticket queue" }),
  ).toBeVisible();
  await expect(
    page.getByTestId("home-followUpCalls").getByRole("heading", { name: "Follow-up calls due" }),
  ).toBeVisible();
  await expect(page.getByRole("heading", { name: "Store hours today" })).toBeVisible();
  // The choice is kept for the account: back to Chinese for the other journeys.
  await page.getByLabel("Language").selectOption("zh-CN");
  await expect(page.getByTestId("home-ticketQueue").getByRole("heading", { name: "售后工单队列" })).toBeVisible();
  await context.close();
});
