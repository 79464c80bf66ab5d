import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "atrium-demo";

export const DEMO_ACCOUNTS = ["admin", "manager", "advisor", "aftersales", "service"] as const;
export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

/** Signs in through the sign-in form (the page is Chinese unless the browser or account says otherwise). */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto("/sign-in");
  await page.locator("#username").fill(username);
  await page.locator("#password").fill(password);
  await page.locator("form button[type=submit]").click();
}

export async function signInAndWaitForPortal(page: Page, username: string, password = DEMO_PASSWORD) {
  await signIn(page, username, password);
  await expect(page.getByTestId("current-staff")).toBeVisible();
}

/** The labels of the sidebar's navigation entries (desktop layout), without the brand link. */
export async function navLabels(page: Page): Promise<string[]> {
  const links = page.locator("aside nav li a[href]");
  return (await links.allInnerTexts()).map((s) => s.trim()).filter(Boolean);
}

/** The page's error or notice (Next's route announcer, which reads out page titles, also has role=alert). */
export function formAlert(page: Page) {
  return page.locator('[role="alert"]:not(#__next-route-announcer__)').filter({ hasText: /\S/ });
}
