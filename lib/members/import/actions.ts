"use server";

import { defineAction } from "@/lib/actions/define-action";
import { abandonImportUseCase, commitImportChunkUseCase, dryRunImportUseCase, previewImportUseCase } from "./use-cases";

export const previewImportAction = defineAction(previewImportUseCase);
export const dryRunImportAction = defineAction(dryRunImportUseCase);
/** Commits the next chunk of the dry-run plan; the browser calls it chunk after chunk to show progress. */
export const commitImportChunkAction = defineAction(commitImportChunkUseCase);
/** Closes the import (finished or cancelled): its file and plan are deleted. */
export const abandonImportAction = defineAction(abandonImportUseCase);
