"use server";

import { defineAction } from "@/lib/actions/define-action";
import { commitImportChunk, dryRunImport, previewImport } from "./use-cases";

export type { DryRunResult } from "./use-cases";

export const previewImportAction = defineAction(previewImport);

export const dryRunImportAction = defineAction(dryRunImport);

/** Commits the next chunk of the dry-run plan; the browser calls it chunk after chunk to show progress. */
export const commitImportChunkAction = defineAction(commitImportChunk);
