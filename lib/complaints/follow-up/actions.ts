"use server";

import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { unstable_rethrow } from "next/navigation";
import { z } from "zod";
import { getDb } from "@/db/client";
import { actionFailure } from "@/lib/actions/define-action";
import type { ActionResult } from "@/lib/actions/result";
import { clientIp } from "@/lib/auth/request-ip";
import { AppError } from "@/lib/errors";
import { answerSurveySchema, type AnswerSurveyInput } from "./schemas";
import { answerSurvey } from "./survey";

/**
 * The public survey page's answer (docs/domain.md#satisfaction-survey). Not a use case: the
 * customer has no session; the token is the authority. Validation, then one transaction.
 */
export async function answerSurveyAction(raw: AnswerSurveyInput): Promise<ActionResult<{ answered: true }>> {
  try {
    const parsed = answerSurveySchema.safeParse(raw);
    if (!parsed.success) {
      throw new AppError("validation", {
        fieldErrors: z.flattenError(parsed.error).fieldErrors as Record<string, string[]>,
      });
    }
    const ip = clientIp(await headers());
    const { complaintId } = await getDb().transaction((tx) => answerSurvey(tx, parsed.data, { ip }));
    revalidatePath(`/complaints/${complaintId}`);
    return { ok: true, data: { answered: true } };
  } catch (error) {
    unstable_rethrow(error);
    return actionFailure(error);
  }
}
