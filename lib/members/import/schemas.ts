import { z } from "zod";
import { IMPORT_ENCODINGS } from "./decode";
import { columnMappingSchema } from "./mapping";

export const uploadIdSchema = z.uuid();
export const importEncodingChoiceSchema = z.enum(["auto", ...IMPORT_ENCODINGS]);

export const previewImportSchema = z.object({
  uploadId: uploadIdSchema,
  encoding: importEncodingChoiceSchema.default("auto"),
});

/** The dry-run form: mapping (name and phone are required), home store, encoding. */
export const dryRunImportSchema = z.object({
  uploadId: uploadIdSchema,
  encoding: importEncodingChoiceSchema.default("auto"),
  storeId: z.uuid({ error: "required" }),
  mapping: columnMappingSchema.superRefine((mapping, ctx) => {
    for (const field of ["name", "phone"] as const) {
      if (mapping[field] === null) ctx.addIssue({ code: "custom", path: [field], message: "required" });
    }
    const used = Object.values(mapping).filter((v): v is number => v !== null);
    if (new Set(used).size !== used.length) ctx.addIssue({ code: "custom", path: [], message: "importColumnTwice" });
  }),
});
export type DryRunImportInput = z.input<typeof dryRunImportSchema>;

export const commitImportChunkSchema = z.object({
  uploadId: uploadIdSchema,
  chunk: z.number().int().min(0),
});

/** Closing an import (finished, cancelled, or replaced by another file). */
export const abandonImportSchema = z.object({ uploadId: uploadIdSchema });
