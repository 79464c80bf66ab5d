import fs from "node:fs/promises";
import { expect, test, type Browser } from "@playwright/test";
import { extractText, getDocumentProxy } from "unpdf";
import { signInAndWaitForPortal } from "./fixtures";

test.use({ viewport: { width: 1024, height: 768 } });

async function pageAs(browser: Browser, username: string) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: { width: 1024, height: 768 } });
  const page = await context.newPage();
  await signInAndWaitForPortal(page, username);
  return page;
}

test("a POS purchase through the API shows on the 360° view, and the counter redeems the points it earned", async ({
  browser,
  request,
}) => {
  // An admin issues an API key for the Jing'an store; it is shown once.
  const admin = await pageAs(browser, "admin");
  await admin.goto("/admin/api-keys/new");
  await admin.locator("#storeId").selectOption({ label: "SH-JA 静安嘉里中心店" });
  await admin.locator("#name").fill(`e2e 收银台 ${Date.now()}`);
  // A till's key (the default kind), not the member app's.
  await expect(admin.locator("#kind")).toHaveValue("pos");
  await admin.locator("main form button[type=submit]").click();
  const apiKey = (await admin.getByTestId("new-api-key").textContent())!.trim();
  expect(apiKey.length).toBeGreaterThan(20);

  // A manager registers the customer at the counter.
  const manager = await pageAs(browser, "manager");
  const phone = `137${String(Date.now()).slice(-8)}`;
  await manager.goto("/members/new");
  await manager.locator("#name").fill("欧阳积分");
  await manager.locator("#phone").fill(phone);
  await manager.locator("main form").getByRole("button", { name: "新建会员" }).click();
  await expect(manager).toHaveURL(/\/members\/[0-9a-f-]{36}/);
  const memberUrl = manager.url().split("?")[0]!;

  // The POS records a ¥1,234.00 purchase; a retry with the same Idempotency-Key changes nothing.
  const externalId = `E2E-${Date.now()}`;
  const body = {
    externalId,
    storeCode: "SH-JA",
    occurredAt: new Date().toISOString(),
    member: { phone },
    items: [{ sku: "AU-RING", name: "足金素圈戒指", category: "gold", quantity: 1, unitPriceFen: 123_400 }],
    discountFen: 0,
    payments: [{ method: "wechat", amountFen: 123_400 }],
  };
  const headers = { Authorization: `Bearer ${apiKey}`, "Idempotency-Key": externalId };
  const created = await request.post("/api/v1/transactions", { data: body, headers });
  expect(created.status()).toBe(201);
  const first = await created.json();
  expect(first).toMatchObject({ pointsEarned: 1234, pointsBalance: 1234, tier: "normal", tierChanged: false });
  const replay = await request.post("/api/v1/transactions", { data: body, headers });
  expect(replay.status()).toBe(201);
  expect(await replay.json()).toEqual(first);
  const wrongKey = await request.post("/api/v1/transactions", {
    data: body,
    headers: { ...headers, Authorization: "Bearer nope" },
  });
  expect(wrongKey.status()).toBe(401);
  expect((await wrongKey.json()).error.code).toBe("unauthenticated");
  expect((await wrongKey.json()).error.code).toBeTruthy();

  // The 360° view shows the purchase and the balance.
  await manager.goto(memberUrl);
  await expect(manager.getByTestId("purchase-timeline")).toContainText("足金素圈戒指");
  await expect(manager.getByTestId("points-balance")).toContainText("1,234");

  // Redeem two hours of parking (2 × 200 points) at the counter, in the redemption dialog.
  await manager.getByRole("button", { name: "积分兑换", exact: true }).click();
  const redeemForm = manager
    .getByRole("dialog")
    .locator("form")
    .filter({ has: manager.locator("#redeem-hours") });
  await redeemForm.locator("#redeem-hours").fill("2");
  await redeemForm.getByRole("button", { name: "下一步" }).click();
  await manager.getByRole("button", { name: "确认兑换" }).click();
  // The outcome, not the confirmation's own wording (which also says 兑换成功): reloading before the
  // action has answered would race it.
  await expect(manager.getByText(/兑换成功，扣减 400 积分，当前积分 834/)).toBeVisible();
  await manager.reload();
  await expect(manager.getByTestId("points-balance")).toContainText("834");
  await expect(manager.getByTestId("points-ledger")).toContainText("积分使用");

  // The member's statement downloads as a PDF in Chinese, the tier named in both languages.
  await manager.getByRole("button", { name: "对账单", exact: true }).click();
  const statementForm = manager.getByRole("dialog").getByTestId("statement-form");
  const downloading = manager.waitForEvent("download");
  await statementForm.getByRole("button", { name: "下载对账单" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.pdf$/);
  const pdf = await fs.readFile((await download.path())!);
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(pdf)), { mergePages: true });
  expect(text).toContain("普通会员");
  expect(text).toContain("Normal");
  expect(text).toContain("834");
});

test("an advisor cannot open the loyalty admin pages, and the API refuses a request without a key", async ({
  page,
  request,
}) => {
  await signInAndWaitForPortal(page, "advisor");
  for (const path of ["/loyalty/tiers", "/loyalty/gifts", "/loyalty/approvals", "/admin/api-keys"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
  }
  const response = await request.post("/api/v1/transactions", { data: {}, headers: { "Idempotency-Key": "x" } });
  expect(response.status()).toBe(401);
  expect((await response.json()).error.code).toBe("unauthenticated");
  const openapi = await request.get("/api/v1/openapi.json");
  expect(openapi.status()).toBe(200);
  expect((await openapi.json()).openapi).toMatch(/^3\.1/);
});
