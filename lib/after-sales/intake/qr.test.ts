import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { QR_QUIET_ZONE, qrDrawing } from "./qr";

describe("qrDrawing", () => {
  const url = "https://atrium.example.com/after-sales/tickets/3f0c1b9e-8a55-4d5e-9a61-0c7d2b1e4f20";

  it("covers exactly the dark modules of the QR code, each once, inside the quiet zone", () => {
    const drawing = qrDrawing(url);
    const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
    expect(drawing.size).toBe(modules.size);
    expect(drawing.extent).toBe(modules.size + 2 * QR_QUIET_ZONE);
    const painted = new Set<string>();
    for (const rect of drawing.rects) {
      expect(rect.height).toBe(1);
      for (let x = rect.x; x < rect.x + rect.width; x++) {
        const key = `${rect.y - QR_QUIET_ZONE}:${x - QR_QUIET_ZONE}`;
        expect(painted.has(key)).toBe(false);
        painted.add(key);
      }
    }
    let dark = 0;
    for (let row = 0; row < modules.size; row++) {
      for (let col = 0; col < modules.size; col++) {
        if (modules.get(row, col)) {
          dark++;
          expect(painted.has(`${row}:${col}`)).toBe(true);
        }
      }
    }
    expect(painted.size).toBe(dark);
  });

  it("merges each row's runs, so a tag draws far fewer rectangles than modules", () => {
    const drawing = qrDrawing(url);
    const dark = drawing.rects.reduce((sum, rect) => sum + rect.width, 0);
    expect(drawing.rects.length).toBeLessThan(dark * 0.7);
  });

  it("differs for another ticket", () => {
    expect(qrDrawing(`${url}0`).rects).not.toEqual(qrDrawing(url).rects);
  });
});
