import { expect, test } from "@playwright/test";
import { signInAndWaitForPortal } from "./fixtures";

const forbiddenPages: [string, string][] = [
  ["advisor", "/admin/staff"],
  ["advisor", "/admin/audit"],
  ["aftersales", "/admin/stores"],
  ["service", "/admin/staff/new"],
  ["manager", "/admin/staff"],
  ["manager", "/admin/stores/new"],
];

for (const [username, path] of forbiddenPages) {
  test(`${username} opening ${path} gets the 403 page`, async ({ page }) => {
    await signInAndWaitForPortal(page, username);
    const response = await page.goto(path);
    expect(response?.status()).toBe(403);
    await expect(page.getByRole("heading", { name: "无权访问" })).toBeVisible();
  });
}

test("a signed-out visitor is sent to sign-in, not shown a portal page", async ({ page }) => {
  await page.goto("/admin/staff");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("every response carries the security headers", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBeTruthy();
  }
});

test("health answers ok with the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});
