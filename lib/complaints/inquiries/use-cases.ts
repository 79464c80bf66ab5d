import { defineUseCase } from "@/lib/actions/use-case";
import { answerInquirySchema, convertInquirySchema, logInquirySchema } from "./schemas";
import { answerInquiry, convertInquiry, inquiryStoreInScope, logInquiry } from "./service";

// Inquiries (docs/domain.md#inquiries): customer service's work, at the store the inquiry belongs to
// (another store's inquiry is not found).

const INQUIRY_PAGES = ["/complaints/inquiries"];

export const logInquiryUseCase = defineUseCase({
  permission: "complaints.handle",
  input: logInquirySchema,
  scope: ({ input }) => input.storeId,
  run: ({ staff, actor, input, db }) => logInquiry(db, actor, staff, input),
  revalidate: () => INQUIRY_PAGES,
});

export const answerInquiryUseCase = defineUseCase({
  permission: "complaints.handle",
  input: answerInquirySchema,
  scope: ({ db, staff, input }) => inquiryStoreInScope(db, staff, input.inquiryId),
  run: ({ staff, actor, input, db }) => answerInquiry(db, actor, staff, input),
  revalidate: () => INQUIRY_PAGES,
});

export const convertInquiryUseCase = defineUseCase({
  permission: "complaints.handle",
  input: convertInquirySchema,
  scope: ({ db, staff, input }) => inquiryStoreInScope(db, staff, input.inquiryId),
  // Intake takes the day's reference under an advisory lock; a deadlock report is retried.
  retries: 3,
  run: ({ staff, actor, input, db }) => convertInquiry(db, actor, staff, input),
  revalidate: (_input, output) => [...INQUIRY_PAGES, "/complaints", `/complaints/${output.complaintId}`],
});
