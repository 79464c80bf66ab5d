import { expect, test, type Browser, type Locator, type Page } from "@playwright/test";
import postgres from "postgres";
import { jpegPhoto, pdfText, signInAndWaitForPortal } from "./fixtures";

// The after-sales desk works on the counter's tablet.
const TABLET = { width: 1024, height: 768 };
test.use({ viewport: TABLET });

async function pageAs(browser: Browser, username: string) {
  const context = await browser.newContext({ locale: "zh-CN", viewport: TABLET });
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

/** A customer walks in: the store's advisor registers them as a member of SH-JA (the after-sales desk's store). */
async function registerMember(browser: Browser, name: string): Promise<{ name: string; phone: string }> {
  const advisor = await pageAs(browser, "advisor");
  const phone = `139${String(Date.now()).slice(-8)}`;
  await advisor.goto("/members/new");
  await advisor.locator("#name").fill(name);
  await advisor.locator("#phone").fill(phone);
  await advisor.locator("main form").getByRole("button", { name: "新建会员" }).click();
  await expect(advisor).toHaveURL(/\/members\/[0-9a-f-]{36}/);
  await advisor.context().close();
  return { name, phone };
}

/** The intake form's member search (the complaint form's CustomerSearch): by phone, then the match. */
async function chooseMember(form: Locator, phone: string) {
  await form.locator("#member-search").fill(phone);
  await form.getByRole("button", { name: "查找", exact: true }).click();
  await form
    .locator("li button")
    .filter({ hasText: phone.slice(-4) })
    .click();
  await expect(form.getByRole("button", { name: "更换", exact: true })).toBeVisible();
  // The chosen member, masked, with the tier in words (a new member is 普通会员, not "normal").
  await expect(form).toContainText(`****${phone.slice(-4)} · 普通会员`);
}

/** A document the page links to, fetched with the page's session (a PDF route handler). */
async function download(page: Page, link: Locator) {
  const href = await link.getAttribute("href");
  expect(href, "the document's link").toBeTruthy();
  const response = await page.request.get(href!, { headers: { "Sec-Fetch-Site": "same-origin" } });
  expect(response.status(), href!).toBe(200);
  expect(response.headers()["content-type"], href!).toContain("application/pdf");
  return response.body();
}

/** Whether the page can be scrolled sideways (a form wider than the tablet's screen). */
function overflowsSideways(page: Page) {
  return page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
}

test("the after-sales desk takes in a ring for repair with a photo, prints the receipt and tag, walks it through the workshop, hands it back against the claim code with a weight difference, and logs the day-3 call", async ({
  browser,
}) => {
  test.setTimeout(180_000);
  const customer = await registerMember(browser, "欧阳售后");
  const page = await pageAs(browser, "aftersales");

  // 1. Intake at the counter: the member by phone, a new piece registered inline, repair, 23.45 g, a photo.
  await page.goto("/after-sales/tickets/new");
  await expect(page.locator("main h1")).toHaveText("售后受理");
  const intake = page.locator("main form");
  const submit = intake.getByRole("button", { name: "创建服务单", exact: true });
  await expect(submit).toBeDisabled();
  await chooseMember(intake, customer.phone);

  const piece = card(page, "饰品");
  await expect(piece.getByLabel("登记新饰品")).toBeChecked();
  await expect(piece.getByLabel("已登记的饰品（0）")).toBeDisabled();
  await piece.getByLabel("饰品名称", { exact: true }).fill("18K 金镶钻戒指");
  await piece.getByLabel("品类", { exact: true }).selectOption({ label: "戒指" });
  await piece.getByLabel("材质", { exact: true }).fill("18K 黄金");

  const service = card(page, "服务");
  const price = page.getByTestId("intake-price");
  await expect(price).toBeHidden();
  await service.getByLabel("服务项目", { exact: true }).selectOption({ label: "维修" });
  await service.getByLabel("受理重量（克）", { exact: true }).fill("23.45");
  const conditionNotes = "戒圈轻微变形，镶口一爪松动";
  await service.getByLabel("外观状况", { exact: true }).fill(conditionNotes);
  // A new member without a linked purchase pays the list price.
  await expect(price).toContainText("标准价");
  await expect(price).toContainText("¥300.00");

  const photos = card(page, "受理照片");
  await photos.getByLabel("添加照片").setInputFiles(await jpegPhoto("intake-ring.jpg"));
  await expect(photos.getByRole("listitem").filter({ hasText: "intake-ring.jpg" })).toBeVisible();

  // The whole form fits the tablet's width, and the submit button is a full-size touch target.
  expect(await overflowsSideways(page), "the intake form scrolls sideways at 1024 px").toBe(false);
  expect((await submit.boundingBox())!.height).toBeGreaterThanOrEqual(40);
  await submit.click();

  // 2. The ticket's page: the reference, received, the photo uploaded after the ticket was created.
  await expect(page).toHaveURL(/\/after-sales\/tickets\/[0-9a-f-]{36}\?created=1$/);
  const ticketUrl = page.url().split("?")[0]!;
  const ticketId = ticketUrl.split("/").pop()!;
  const title = page.locator("main h1");
  await expect(title).toContainText("已收件");
  const reference = /SV-\d{8}-\d{4}/.exec((await title.textContent()) ?? "")?.[0];
  expect(reference, "the ticket's reference in the page title").toBeTruthy();
  await expect(page.locator("main")).toContainText("18K 金镶钻戒指 · 维修");
  await expect(card(page, "重量与宝石")).toContainText("23.45 克");
  await expect(card(page, "饰品")).toContainText(conditionNotes);
  const photo = card(page, "照片（1）").getByRole("img", { name: "饰品照片：收件时" });
  await expect(photo).toBeVisible();
  await expect.poll(() => photo.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);

  // 3. The intake receipt: reference, weight, service, the claim code and the tracking link; the member masked.
  const receipt = await pdfText(await download(page, page.getByRole("link", { name: "收件单", exact: true })));
  expect(receipt).toContain("售后服务受理单");
  expect(receipt).toContain(reference!);
  expect(receipt).toMatch(/23\.45\s*g/);
  expect(receipt).toContain("维修");
  expect(receipt).toContain("戒指");
  expect(receipt).toContain("18K 金镶钻戒指");
  expect(receipt).not.toContain(customer.name);
  expect(receipt).not.toContain(customer.phone);
  const claimCode = /取件码\s*(\d{6})(?!\d)/.exec(receipt)?.[1];
  expect(claimCode, "the claim code on the receipt").toBeTruthy();
  const receiptTracking = /\/track\/([A-Za-z0-9_-]{20,128})/.exec(receipt.replace(/\s+/g, ""))?.[0];
  expect(receiptTracking, "the tracking link on the receipt").toBeTruthy();

  // The bag tag: a PDF with the reference, never the claim code.
  const tag = await pdfText(await download(page, page.getByRole("link", { name: "袋签", exact: true })));
  expect(tag).toContain(reference!);
  expect(tag).not.toContain(claimCode!);

  // The customer opens the receipt's link at home: no sign-in, the stage, nothing personal.
  const customerContext = await browser.newContext({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const customerPage = await customerContext.newPage();
  const expectNothingPersonal = async () => {
    const text = await customerPage.locator("body").innerText();
    const secrets = [customer.name, customer.name.slice(0, 2), customer.phone, `****${customer.phone.slice(-4)}`];
    for (const secret of [...secrets, reference!, claimCode!]) {
      expect(text, "the tracking page shows nothing personal").not.toContain(secret);
    }
  };
  await customerPage.goto(receiptTracking!);
  await expect(customerPage.getByRole("heading", { level: 1 })).toHaveText("您的售后服务进度");
  await expect(customerPage.getByText("戒指 · 维修")).toBeVisible();
  await expect(customerPage.getByTestId("tracking-stage")).toContainText("已收件");
  await expectNothingPersonal();

  // 4. The workshop: each step a dialog named after it, confirmed; the page shows the new status.
  const nextSteps = card(page, "下一步");
  const step = async (action: string, status: string) => {
    await nextSteps.getByRole("button", { name: action, exact: true }).click();
    const dialog = page.getByRole("dialog", { name: action, exact: true });
    await expect(dialog).toBeVisible();
    await dialog.getByRole("button", { name: "确认", exact: true }).click();
    await expect(dialog).toBeHidden();
    await expect(nextSteps.getByText(`已完成：服务单现为“${status}”。`)).toBeVisible();
    await expect(title).toContainText(status);
  };
  await step("送往工坊", "已送工坊");
  await step("开始维修", "维修中");
  await step("质检", "质检中");
  await nextSteps.getByRole("button", { name: "可取件", exact: true }).click();
  await expect(page.getByRole("dialog", { name: "可取件" })).toContainText("消息中不含取件码");
  await page.getByRole("dialog", { name: "可取件" }).getByRole("button", { name: "返回", exact: true }).click();
  await step("可取件", "待取件");
  const timeline = page.getByTestId("ticket-timeline");
  for (const change of ["已收件 → 已送工坊", "已送工坊 → 维修中", "维修中 → 质检中", "质检中 → 待取件"]) {
    await expect(timeline.locator("li").filter({ hasText: change })).toHaveCount(1);
  }

  // The "ready" message carries a fresh tracking link and retires the receipt's (docs/domain.md,
  // "Tracking link"). Nothing delivers messages in the test: the link is read from the outbox.
  const sql = postgres(process.env.DATABASE_URL!, { max: 1, onnotice: () => {} });
  let readyLink: string | undefined;
  try {
    const [message] = await sql<{ url: string }[]>`
      select params->>'trackingUrl' as url from outbound_messages
       where dedupe_key = ${`service_ready:${ticketId}`} and template_code = 'service_ready'
       limit 1`;
    readyLink = message?.url;
  } finally {
    await sql.end({ timeout: 5 });
  }
  expect(readyLink, "the ready message's tracking link").toMatch(/\/track\/[A-Za-z0-9_-]{20,128}$/);
  await customerPage.goto(new URL(readyLink!).pathname);
  const stage = customerPage.getByTestId("tracking-stage");
  await expect(stage).toContainText("可取件");
  await expect(stage).toContainText("请携带服务单上的取件码到店取件");
  await expect(stage).toContainText("完成于");
  await expectNothingPersonal();
  await customerPage.goto(receiptTracking!);
  await expect(customerPage.getByRole("heading", { level: 1 })).toHaveText("链接无效");
  await customerContext.close();

  // 5. Pickup: a wrong claim code first, refused and counted.
  await page.getByRole("link", { name: "交还顾客", exact: true }).click();
  await expect(page.locator("main h1")).toHaveText(`取件：${reference}`);
  const pickup = page.locator("main form");
  const codeField = pickup.getByLabel("取件码（6 位数字）", { exact: true });
  const wrongCode = String((Number(claimCode) + 1) % 1_000_000).padStart(6, "0");
  await codeField.fill(wrongCode);
  await pickup.getByLabel("当前重量（克）", { exact: true }).fill("23.47");
  await expect(pickup.getByText("差异 +0.02 克：请在下方说明，并请顾客确认。")).toBeVisible();
  const handBack = pickup.getByRole("button", { name: "交还顾客", exact: true });
  await handBack.click();
  const wrongCodeMessage = pickup.getByText("取件码错误。再输错 4 次服务单将被锁定。");
  await expect(wrongCodeMessage).toBeVisible();
  await expect(codeField).toHaveAttribute("aria-invalid", "true");

  // The right code, 23.47 g (0.02 g more than at intake): the note and the customer's acknowledgement are required.
  await codeField.fill(claimCode!);
  await handBack.click();
  await expect(pickup.getByText("重量或宝石数有差异：请说明原因。")).toBeVisible();
  await expect(pickup.getByText("须由顾客确认差异。")).toBeVisible();
  await expect(wrongCodeMessage).toBeHidden();
  const weightNote = "补焊戒圈后增重 0.02 克，已当面向顾客说明";
  await pickup.getByLabel("差异说明（必填）", { exact: true }).fill(weightNote);
  await pickup.getByLabel("顾客已查看重量与宝石，并确认上述差异。").check();
  await handBack.click();

  const handedBack = card(page, "已交还");
  await expect(handedBack).toContainText("交还顾客");
  await expect(handedBack).toContainText("售后 赵磊");

  // The pickup receipt: weight in and out, the difference and the note.
  const pickupReceipt = await pdfText(
    await download(page, handedBack.getByRole("link", { name: "取件确认单", exact: true })),
  );
  expect(pickupReceipt).toContain("取件确认单");
  expect(pickupReceipt).toContain(reference!);
  expect(pickupReceipt).toMatch(/收件重量\s*23\.45\s*克/);
  expect(pickupReceipt).toMatch(/取件重量\s*23\.47\s*克/);
  expect(pickupReceipt).toMatch(/\+0\.02\s*克/);
  expect(pickupReceipt).toContain(weightNote);

  // The ticket: picked up, both weights, the difference, the note, the one wrong code on record.
  await page.goto(ticketUrl);
  await expect(title).toContainText("已取件");
  const weights = card(page, "重量与宝石");
  await expect(weights).toContainText("23.45 克");
  await expect(weights).toContainText("23.47 克");
  await expect(weights).toContainText("+0.02 克");
  await expect(weights).toContainText(weightNote);
  await expect(weights).toContainText("顾客已确认差异。");
  await expect(card(page, "取件码")).toContainText("已输错 1 次，最多允许 5 次。");
  await expect(timeline.locator("li").filter({ hasText: "取件码输入错误" })).toHaveCount(1);
  await expect(timeline.locator("li").filter({ hasText: "待取件 → 已取件" })).toHaveCount(1);

  // The piece's passport lists the service with its weights in and out.
  await card(page, "饰品").getByRole("link", { name: "饰品档案", exact: true }).click();
  await expect(page.locator("main h1")).toHaveText("18K 金镶钻戒指");
  const history = page.getByRole("row").filter({ hasText: reference! });
  await expect(history).toContainText("已取件");
  await expect(history).toContainText("23.45 g");
  await expect(history).toContainText("23.47 g");

  // 6. The follow-up calls: pickup scheduled the day-3 and day-30 calls at once; both are upcoming.
  await page.goto("/after-sales/calls");
  await expect(page.locator("main h1")).toHaveText("售后回访");
  await page.getByRole("search").getByLabel("到期").selectOption({ label: "以后" });
  await expect(page).toHaveURL(/due=upcoming/);
  const calls = page.getByTestId("follow-up-calls").locator("li").filter({ hasText: reference! });
  await expect(calls).toHaveCount(2);
  await expect(calls.filter({ hasText: "30 天回访" })).toHaveCount(1);
  const dayThree = calls.filter({ hasText: "3 天回访" });
  await expect(dayThree).toHaveCount(1);
  await expect(dayThree).toContainText("待回访");
  await expect(dayThree).toContainText("尚未拨打");

  // Logged: reached, satisfied (4), with the customer's words; it leaves the open list.
  await dayThree.getByRole("button", { name: "记录回访", exact: true }).click();
  const logDialog = page.getByRole("dialog", { name: "记录售后回访" });
  await expect(logDialog).toBeVisible();
  await expect(logDialog).toContainText(`${reference} · 18K 金镶钻戒指`);
  await logDialog.getByRole("radio", { name: "已接通", exact: true }).click();
  await logDialog.getByRole("radio", { name: "满意", exact: true }).click();
  await expect(logDialog.getByRole("radio", { name: "满意", exact: true })).toHaveAttribute("aria-checked", "true");
  const comments = "顾客表示戒指修得很好，戒圈戴着合适";
  await logDialog.getByLabel("备注", { exact: true }).fill(comments);
  await logDialog.getByRole("button", { name: "记录回访", exact: true }).click();
  await expect(logDialog).toBeHidden();
  await expect(page.getByText(/^已记录与 .+ 的回访。$/)).toBeVisible();
  await expect(calls).toHaveCount(1);
  await expect(calls).toContainText("30 天回访");

  // Among the done calls, with its score.
  await page.getByRole("link", { name: "已完成", exact: true }).click();
  await expect(page).toHaveURL(/status=done/);
  const done = page.getByTestId("follow-up-calls").locator("li").filter({ hasText: reference! });
  await expect(done).toHaveCount(1);
  await expect(done).toContainText("3 天回访");
  await expect(done).toContainText("满意度 4/5");
  await expect(done).toContainText("最近一次：已接通");
});

test("the intake form is usable on the counter's 1024-pixel tablet: it fits the screen and says what is missing next to each field", async ({
  browser,
}) => {
  const customer = await registerMember(browser, "上官平板");
  const page = await pageAs(browser, "aftersales");
  await page.goto("/after-sales/tickets/new");
  const intake = page.locator("main form");
  expect(await overflowsSideways(page), "the empty form scrolls sideways").toBe(false);

  await chooseMember(intake, customer.phone);
  await expect(card(page, "饰品")).toBeVisible();
  await expect(page.getByText("选择会员和服务项目后显示费用。")).toBeVisible();
  expect(await overflowsSideways(page), "the form with the piece scrolls sideways").toBe(false);

  // Every field and button lies within the screen's width; buttons are full-size touch targets.
  for (const control of await intake.locator("input:not(.sr-only):visible, select:visible, textarea:visible").all()) {
    const box = (await control.boundingBox())!;
    expect(box.x, await control.evaluate((el) => el.id)).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width, await control.evaluate((el) => el.id)).toBeLessThanOrEqual(TABLET.width);
  }
  const touchTargets = [...(await intake.locator("button").all()), intake.getByText("添加照片", { exact: true })];
  for (const target of touchTargets) {
    expect((await target.boundingBox())!.height, await target.innerText()).toBeGreaterThanOrEqual(40);
  }

  // Submitted empty: each missing answer is named under its field, and nothing is created.
  await intake.getByRole("button", { name: "创建服务单", exact: true }).click();
  const errorUnder = (id: string) => intake.locator(`[id="${id}-error"]`);
  for (const id of ["newItem.name", "newItem.category", "newItem.material", "serviceType", "weightIn"]) {
    await expect(errorUnder(id), id).toBeVisible();
    await expect(intake.locator(`[id="${id}"]`), id).toHaveAttribute("aria-invalid", "true");
  }
  await expect(errorUnder("serviceType")).toHaveText("此项必填。");
  await expect(errorUnder("weightIn")).toHaveText("请输入重量（克）。");
  await expect(page).toHaveURL(/\/after-sales\/tickets\/new$/);

  // The missing answers given, the price shows, and the field messages go.
  await intake.getByLabel("服务项目", { exact: true }).selectOption({ label: "清洗" });
  await intake.getByLabel("受理重量（克）", { exact: true }).fill("5.2");
  await expect(page.getByTestId("intake-price")).toContainText("¥50.00");
  await intake.getByRole("button", { name: "创建服务单", exact: true }).click();
  await expect(errorUnder("serviceType")).toBeHidden();
  await expect(errorUnder("weightIn")).toBeHidden();
  await expect(errorUnder("newItem.name")).toBeVisible();
});
