import sharp from "sharp";
import { describe, expect, it } from "vitest";
import { checkAttachmentUpload, cleanFileName, isCheckedImage } from "./documents";

const PDF = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

async function fieldProblem(promise: Promise<unknown>) {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  return (error as { fieldErrors?: Record<string, string[]> } | null)?.fieldErrors;
}

describe("checkAttachmentUpload", () => {
  it("takes a PDF by its bytes and an image with its thumbnail", async () => {
    const pdf = await checkAttachmentUpload(PDF);
    expect(pdf).toMatchObject({ contentType: "application/pdf", sizeBytes: PDF.length });
    expect(isCheckedImage(pdf)).toBe(false);
    const png = await sharp({ create: { width: 40, height: 20, channels: 3, background: "#c0a060" } })
      .png()
      .toBuffer();
    const image = await checkAttachmentUpload(png);
    expect(image.contentType).toBe("image/png");
    expect(isCheckedImage(image) && image.thumbnail.length > 0).toBe(true);
  });

  it("refuses what is neither, a truncated PDF, an empty or an oversized file, on the field", async () => {
    expect(await fieldProblem(checkAttachmentUpload(Buffer.from("<html><script>alert(1)</script>")))).toEqual({
      file: ["attachmentUnsupported"],
    });
    expect(await fieldProblem(checkAttachmentUpload(PDF.subarray(0, 30)))).toEqual({ file: ["attachmentUnreadable"] });
    expect(await fieldProblem(checkAttachmentUpload(Buffer.alloc(0)))).toEqual({ file: ["attachmentEmpty"] });
    expect(await fieldProblem(checkAttachmentUpload(PDF, { maxBytes: 10 }))).toEqual({ file: ["attachmentTooLarge"] });
    // A GIF is an image, but not one the portal keeps.
    const gif = await sharp({ create: { width: 4, height: 4, channels: 3, background: "#000" } })
      .gif()
      .toBuffer();
    expect(await fieldProblem(checkAttachmentUpload(gif))).toEqual({ file: ["attachmentUnsupported"] });
  });
});

describe("cleanFileName", () => {
  it("keeps a Chinese name and drops paths, control characters and header-breaking quotes", () => {
    expect(cleanFileName("收据 2026-12.pdf")).toBe("收据 2026-12.pdf");
    expect(cleanFileName("C:\\Users\\x\\..\\发票.pdf")).toBe("发票.pdf");
    expect(cleanFileName('a"b\u0000c\r\n.jpg')).toBe("abc.jpg");
    expect(cleanFileName("../../.env")).toBe("env");
    expect(cleanFileName("")).toBe("file");
    expect([...cleanFileName("长".repeat(500))]).toHaveLength(120);
  });
});
