import { expect, type Page } from "@playwright/test";
import sharp from "sharp";
import { extractText, getDocumentProxy } from "unpdf";

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

/**
 * A small photo (a JPEG made with sharp, a plain colour) for a file input's setInputFiles: the
 * upload routes check images by their content, so the bytes must be a real image.
 */
export async function jpegPhoto(
  name: string,
  colour: { r: number; g: number; b: number } = { r: 196, g: 160, b: 82 },
): Promise<{ name: string; mimeType: string; buffer: Buffer }> {
  const buffer = await sharp({ create: { width: 160, height: 120, channels: 3, background: colour } })
    .jpeg({ quality: 80 })
    .toBuffer();
  return { name, mimeType: "image/jpeg", buffer };
}

/** The text of a PDF (all pages), as the lib tests read documents (unpdf). */
export async function pdfText(bytes: Buffer | Uint8Array): Promise<string> {
  const document = await getDocumentProxy(new Uint8Array(bytes));
  const { text } = await extractText(document, { mergePages: true });
  return text;
}
