import { tz } from "@date-fns/tz";
import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import { format } from "date-fns";
import { jpegPhoto, signInAndWaitForPortal } from "./fixtures";

test.use({ viewport: { width: 1280, height: 800 } });

const STORE_ZONE = "Asia/Shanghai";
const GOODWILL_POINTS = 3_000; // above `service`'s threshold of 2,000: it waits for a manager
const zhNumber = (n: number) => new Intl.NumberFormat("zh-CN").format(n);

async function pageAs(browser: Browser, username: string) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await signInAndWaitForPortal(page, username);
  return page;
}

/** A card (<section>) of the page by its title (an <h2>). */
function card(page: Page, title: string | RegExp) {
  return page
    .locator("main section")
    .filter({ has: page.getByRole("heading", { level: 2, name: title, exact: true }) });
}

/**
 * The budget page's label of the current budget month in the store's zone, as the page renders it
 * (app/(portal)/complaints/budgets/page.tsx: "2026年5月").
 */
function currentMonthLabel(): string {
  const month = format(new Date(), "yyyy-MM-01", { in: tz(STORE_ZONE) });
  return new Intl.DateTimeFormat("zh-CN", { year: "numeric", month: "long", timeZone: "UTC" }).format(
    new Date(`${month}T00:00:00Z`),
  );
}

test("customer service logs a complaint, pauses it waiting on the customer, resolves it with goodwill points a manager approves, and the member's points show them", async ({
  browser,
}) => {
  test.setTimeout(120_000);
  const manager = await pageAs(browser, "manager");
  const service = await pageAs(browser, "service");

  // 1. The manager sets the Pudong store's goodwill budget for this month (no budget row: nothing can be approved).
  await manager.goto("/complaints/budgets");
  const pudong = manager
    .locator("main section")
    .filter({ has: manager.getByRole("heading", { level: 2, name: /SH-PD/ }) });
  const thisMonth = pudong.getByRole("row").filter({ hasText: currentMonthLabel() });
  await thisMonth.getByRole("button", { name: /^(设置预算|修改)$/ }).click();
  const budgetDialog = manager.getByRole("dialog", { name: /^补偿预算：/ });
  await expect(budgetDialog).toBeVisible();
  await budgetDialog.getByLabel("预算（元）").fill("1000");
  await budgetDialog.getByRole("button", { name: "保存", exact: true }).click();
  await expect(budgetDialog).toBeHidden();
  await expect(thisMonth).toContainText("¥1,000.00");

  // 2. Customer service registers the caller as a member of its store (SH-PD, its only store).
  const phone = `138${String(Date.now()).slice(-8)}`;
  await service.goto("/members/new");
  await service.locator("#name").fill("司马投诉");
  await service.locator("#phone").fill(phone);
  await service.locator("main form").getByRole("button", { name: "新建会员" }).click();
  await expect(service).toHaveURL(/\/members\/[0-9a-f-]{36}/);
  const memberUrl = service.url().split("?")[0]!;
  const balance = service.getByTestId("points-balance").locator("span").first();
  await expect(balance).toHaveText(/^-?[\d,]+$/);
  const pointsBefore = Number((await balance.textContent())!.replace(/[^\d-]/g, ""));

  // 3. The complaint, taken on the hotline: the member found by phone, service attitude, medium.
  await service.goto("/complaints/new");
  const intake = service.locator("main form");
  await intake.locator("#member-search").fill(phone);
  await intake.getByRole("button", { name: "查找", exact: true }).click();
  await intake
    .locator("li button")
    .filter({ hasText: phone.slice(-4) })
    .click();
  await expect(intake.getByRole("button", { name: "更换", exact: true })).toBeVisible();
  await expect(intake).toContainText(phone.slice(-4));
  await expect(intake).toContainText("普通会员"); // the tier in words, not its code
  await intake.locator("#channel").selectOption({ label: "热线" });
  await intake.locator("#category").selectOption({ label: "服务态度" });
  await intake.locator("#severity").selectOption({ label: "中" });
  await intake
    .locator("#description")
    .fill("顾客来电称上周六在店内试戴对戒时，店员态度冷淡、多次催促，希望门店给个说法。");
  // The customer's photo of the shopping receipt, attached at intake (uploaded once the complaint exists).
  const attachments = card(service, "附件");
  await attachments
    .locator("input[type=file]")
    .setInputFiles(await jpegPhoto("购物小票.jpg", { r: 240, g: 236, b: 228 }));
  await expect(attachments.getByRole("listitem").filter({ hasText: "购物小票.jpg" })).toBeVisible();
  await intake.getByRole("button", { name: "登记投诉", exact: true }).click();

  await expect(service).toHaveURL(/\/complaints\/[0-9a-f-]{36}$/);
  const complaintUrl = service.url();
  const title = service.locator("main h1");
  await expect(title).toContainText("新建");
  const reference = /TS-\d{8}-\d{4}/.exec((await title.textContent()) ?? "")?.[0];
  expect(reference, "the complaint's reference in the page title").toBeTruthy();
  await expect(service.locator("main")).toContainText("服务态度 · 热线");
  await expect(card(service, "顾客")).toContainText(/等级\s*普通会员/);
  // The same card on the complaint's page lists it, with its thumbnail.
  await expect(attachments.getByRole("listitem").filter({ hasText: "购物小票.jpg" })).toHaveCount(1);
  const receiptPhoto = attachments.getByRole("img", { name: "购物小票.jpg", exact: true });
  await expect(receiptPhoto).toBeVisible();
  await expect.poll(() => receiptPhoto.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // Each change is a dialog named after it, confirmed with 确认 (complaint-actions.tsx).
  const change = async (action: string, fill?: (dialog: Locator) => Promise<void>) => {
    await service.getByRole("button", { name: action, exact: true }).click();
    const dialog = service.getByRole("dialog", { name: action, exact: true });
    await expect(dialog).toBeVisible();
    await fill?.(dialog);
    await dialog.getByRole("button", { name: "确认", exact: true }).click();
    await expect(dialog).toBeHidden();
  };

  await change("受理");
  await expect(title).toContainText("已受理");
  await change("开始调查");
  await expect(title).toContainText("调查中");

  const pauseReason = "已致电顾客，顾客需查看当天购物小票后回电";
  await change("等待顾客", (dialog) => dialog.getByLabel("原因", { exact: true }).fill(pauseReason));
  await expect(title).toContainText("等待顾客");
  await expect(card(service, "时限")).toContainText("已暂停");

  const resumeNote = "顾客回电，提供了小票照片";
  await change("继续处理", (dialog) => dialog.getByLabel("备注（可选）", { exact: true }).fill(resumeNote));
  await expect(title).toContainText("调查中");

  // 4. Goodwill points above service's threshold of 2,000: a request that waits for a manager.
  const compensation = card(service, "补偿");
  await expect(compensation).toContainText("本月补偿预算：¥1,000.00");
  const goodwillReason = "店员服务态度不佳，向顾客致歉并赠送积分";
  await compensation.locator("#compensation-points").fill(String(GOODWILL_POINTS));
  await compensation.locator("#compensation-reason").fill(goodwillReason);
  await expect(compensation.getByText("超出您的额度：此申请需另一位经理审批。")).toBeVisible();
  await compensation.getByRole("button", { name: "提交审批", exact: true }).click();
  await expect(compensation.getByText(`已申请 ${zhNumber(GOODWILL_POINTS)} 积分，等待经理审批。`)).toBeVisible();
  const compensationRow = compensation.getByRole("row").filter({ hasText: goodwillReason });
  await expect(compensationRow).toContainText("待经理审批");
  await expect(compensationRow).toContainText(`+${zhNumber(GOODWILL_POINTS)}`);

  // 5. The manager approves it from the approvals queue (newest first).
  await manager.goto("/complaints/approvals?sort=requestedAt&dir=desc");
  const pendingRow = manager.getByRole("row").filter({ hasText: reference! });
  await expect(pendingRow).toContainText(`+${zhNumber(GOODWILL_POINTS)}`);
  await expect(pendingRow).toContainText(goodwillReason);
  await pendingRow.getByRole("button", { name: "批准", exact: true }).click();
  const approveDialog = manager.getByRole("dialog", {
    name: `批准 ${reference} 的 ${zhNumber(GOODWILL_POINTS)} 积分？`,
  });
  await expect(approveDialog).toBeVisible();
  await expect(approveDialog.getByText("本月预算不足以支付此补偿，批准将被拒绝。")).toBeHidden();
  const approvalNote = "同意，已核实店内监控";
  await approveDialog.getByLabel("备注（可选）", { exact: true }).fill(approvalNote);
  await approveDialog.getByRole("button", { name: "批准并入账", exact: true }).click();
  await expect(approveDialog).toBeHidden();
  await expect(manager.getByText(`${reference} 的 ${zhNumber(GOODWILL_POINTS)} 积分已批准并入账。`)).toBeVisible();
  await expect(manager.getByRole("row").filter({ hasText: reference! })).toHaveCount(0);

  // 6. Customer service resolves the complaint.
  await service.goto(complaintUrl);
  await expect(compensationRow).toContainText("已批准");
  await expect(compensationRow).toContainText("审批人：");
  const rootCause = "店员接待高峰期同时服务多位顾客，未按规范接待";
  const actionTaken = "店长约谈当事店员并安排服务规范复训，已向顾客电话致歉";
  await service.getByRole("button", { name: "解决", exact: true }).click();
  const resolveDialog = service.getByRole("dialog", { name: "解决", exact: true });
  await expect(resolveDialog).toBeVisible();
  await resolveDialog.getByLabel("根本原因", { exact: true }).fill(rootCause);
  await resolveDialog.getByLabel("处理措施", { exact: true }).fill(actionTaken);
  await resolveDialog.getByRole("button", { name: "解决", exact: true }).click();
  await expect(resolveDialog).toBeHidden();
  await expect(title).toContainText("已解决");
  const details = card(service, "投诉内容");
  await expect(details).toContainText(rootCause);
  await expect(details).toContainText(actionTaken);

  // The timeline: the pause with its reason, the resume, and the compensation requested then approved.
  const timeline = card(service, "处理记录").locator("li");
  const pause = timeline.filter({ hasText: pauseReason });
  await expect(pause).toHaveCount(1);
  await expect(pause).toContainText("等待顾客");
  await expect(pause).toContainText("调查中 → 等待顾客");
  await expect(timeline.filter({ hasText: resumeNote })).toContainText("等待顾客 → 调查中");
  const compensationEvents = timeline.filter({ hasText: /^\s*补偿/ });
  await expect(compensationEvents).toHaveCount(2);
  await expect(compensationEvents.filter({ hasText: goodwillReason })).toHaveCount(1);
  await expect(compensationEvents.filter({ hasText: approvalNote })).toHaveCount(1);
  await expect(timeline.filter({ hasText: "调查中 → 已解决" })).toHaveCount(1);

  // 7. The member's 360° view: the balance up by the goodwill points, and the adjustment in the ledger.
  await service.goto(memberUrl);
  await expect(service.getByTestId("points-balance").locator("span").first()).toHaveText(
    zhNumber(pointsBefore + GOODWILL_POINTS),
  );
  const ledgerLine = service.getByTestId("points-ledger").locator("li").filter({ hasText: reference! });
  await expect(ledgerLine).toHaveCount(1);
  await expect(ledgerLine).toContainText("人工调整");
  await expect(ledgerLine).toContainText(`+${zhNumber(GOODWILL_POINTS)}`);
  await expect(ledgerLine).toContainText(goodwillReason);
});
