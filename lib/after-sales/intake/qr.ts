import QRCode from "qrcode";

/**
 * A QR code as rectangles to draw as vector graphics (the bag tag prints sharp at any size): the
 * dark modules of `QRCode.create(text)`, each row's runs of dark modules merged into one rectangle,
 * in module units, offset by the quiet zone the standard asks for (4 modules).
 */

export const QR_QUIET_ZONE = 4;

export type QrDrawing = {
  /** Modules per side, without the quiet zone. */
  size: number;
  /** The side of the drawing in module units, quiet zone included (the SVG's viewBox). */
  extent: number;
  rects: { x: number; y: number; width: number; height: number }[];
};

export function qrDrawing(text: string): QrDrawing {
  // Medium error correction: a tag gets creased and splashed at the workshop bench.
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const size = modules.size;
  const rects: QrDrawing["rects"] = [];
  for (let row = 0; row < size; row++) {
    let col = 0;
    while (col < size) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < size && modules.get(row, col)) col++;
      rects.push({ x: start + QR_QUIET_ZONE, y: row + QR_QUIET_ZONE, width: col - start, height: 1 });
    }
  }
  return { size, extent: size + 2 * QR_QUIET_ZONE, rects };
}
