"use server";

import { defineAction } from "@/lib/actions/define-action";
import { answerInquiryUseCase, convertInquiryUseCase, logInquiryUseCase } from "./use-cases";

export const logInquiryAction = defineAction(logInquiryUseCase);
export const answerInquiryAction = defineAction(answerInquiryUseCase);
export const convertInquiryAction = defineAction(convertInquiryUseCase);
