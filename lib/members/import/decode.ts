import iconv from "iconv-lite";

export const IMPORT_ENCODINGS = ["utf-8", "gbk"] as const;
export type ImportEncoding = (typeof IMPORT_ENCODINGS)[number];

const UTF8_BOM = [0xef, 0xbb, 0xbf];

function hasUtf8Bom(bytes: Uint8Array): boolean {
  return bytes.length >= 3 && UTF8_BOM.every((b, i) => bytes[i] === b);
}

/** True when the bytes are well-formed UTF-8 (a GBK file almost never is). */
export function isValidUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Decodes an exported CSV: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GBK
 * (decoded as GB18030, its superset, so that rarer characters survive). `encoding` overrides the guess.
 */
export function decodeCsvBytes(
  bytes: Uint8Array,
  encoding?: ImportEncoding | "auto",
): { text: string; encoding: ImportEncoding } {
  const chosen: ImportEncoding =
    encoding && encoding !== "auto" ? encoding : hasUtf8Bom(bytes) || isValidUtf8(bytes) ? "utf-8" : "gbk";
  if (chosen === "utf-8") {
    const body = hasUtf8Bom(bytes) ? bytes.subarray(3) : bytes;
    return { text: new TextDecoder("utf-8").decode(body), encoding: "utf-8" };
  }
  return {
    text: iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030"),
    encoding: "gbk",
  };
}
