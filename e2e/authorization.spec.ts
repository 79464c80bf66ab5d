import { expect, test } from "@playwright/test";
import { signInAndWaitForPortal } from "./fixtures";

const forbiddenPages: [string, string][] = [
  ["advisor", "/admin/staff"],
  ["advisor", "/admin/audit"],
  ["advisor", "/reports"],
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

// Downloads and uploads answer with the API's error envelope, never a file or a sign-in page.
const staffRoutes: ["GET" | "POST", string][] = [
  ["GET", "/members/00000000-0000-4000-8000-000000000000/statement?from=2025-01-01&to=2025-01-31"],
  ["GET", "/members/export/csv?columns=name"],
  ["GET", "/loyalty/reports/csv"],
  ["GET", "/members/import/rejected?id=x"],
  ["POST", "/members/import/upload?offset=0"],
];

for (const [method, path] of staffRoutes) {
  test(`a signed-out ${method} ${path.split("?")[0]} is 401 unauthenticated`, async ({ request }) => {
    const response = await request.fetch(path, { method, headers: { "x-atrium-upload": "1" }, maxRedirects: 0 });
    expect(response.status()).toBe(401);
    expect((await response.json()).error.code).toBe("unauthenticated");
  });
}

test("every response carries the security headers", async ({ request }) => {
  for (const path of ["/sign-in", "/api/health"]) {
    const response = await request.get(path);
    const headers = response.headers();
    expect(headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
    expect(headers["x-content-type-options"], path).toBe("nosniff");
    expect(headers["referrer-policy"], path).toBeTruthy();
    expect(headers["strict-transport-security"], path).toBe("max-age=63072000; includeSubDomains");
  }
});

test("health answers ok with the database", async ({ request }) => {
  const response = await request.get("/api/health");
  expect(response.status()).toBe(200);
  expect(await response.json()).toEqual({ status: "ok", db: "ok" });
});
