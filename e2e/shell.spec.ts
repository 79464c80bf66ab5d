import { expect, test } from "@playwright/test";
import { signInAndWaitForPortal } from "./fixtures";

test.describe("on a 1024 px tablet", () => {
  test.use({ viewport: { width: 1024, height: 768 } });

  test("the sidebar collapses behind the menu button", async ({ page }) => {
    await signInAndWaitForPortal(page, "admin");
    const menu = page.getByRole("button", { name: "打开菜单" });
    await expect(menu).toBeVisible();
    const sidebarLink = page.locator("aside nav li").getByRole("link", { name: "员工管理" });
    await expect(sidebarLink).toBeHidden();
    await menu.click();
    await expect(sidebarLink).toBeVisible();
    await sidebarLink.click();
    await expect(page).toHaveURL(/\/admin\/staff/);
    await expect(page.getByRole("heading", { name: "员工管理" })).toBeVisible();
  });
});

test("the header shows the signed-in staff member and their store", async ({ page }) => {
  await page.setViewportSize({ width: 1440, height: 900 });
  await signInAndWaitForPortal(page, "advisor");
  await expect(page.getByTestId("current-staff")).toContainText("顾问 陈晓华");
  await expect(page.getByTestId("current-staff")).toContainText("静安嘉里中心店");
});
