import { z } from "zod";

/**
 * Photos of a piece (docs/domain.md#jewelry-after-sales): on its passport, at intake, at
 * pickup and as defect evidence. Shared by the upload route, the forms and the pages; no server
 * imports. The image itself is checked by content (lib/uploads/images.ts).
 */

export const PHOTO_STAGES = ["passport", "intake", "pickup", "defect"] as const;
export type PhotoStage = (typeof PHOTO_STAGES)[number];

/** Photos per piece for the passport, or per ticket and stage: enough for every side of a piece and its flaws. */
export const MAX_PHOTOS_PER_SET = 12;

/** The stages this upload route takes (pickup and defect photos belong to those steps' own screens). */
export const INTAKE_PHOTO_STAGES = ["passport", "intake"] as const satisfies readonly PhotoStage[];

/** `POST /after-sales/items/{id}/photos?stage=intake&ticketId=…` with the image's bytes as the body. */
export const uploadPhotoQuerySchema = z
  .object({
    stage: z.enum(INTAKE_PHOTO_STAGES, { error: "photoStageInvalid" }),
    ticketId: z
      .union([z.uuid({ error: "photoTicketInvalid" }), z.literal("")])
      .optional()
      .transform((id) => id || null),
  })
  .superRefine((query, ctx) => {
    if (query.stage === "intake" && !query.ticketId) {
      ctx.addIssue({ code: "custom", path: ["ticketId"], message: "photoTicketRequired" });
    }
    if (query.stage === "passport" && query.ticketId) {
      ctx.addIssue({ code: "custom", path: ["ticketId"], message: "photoStageInvalid" });
    }
  });

export const photoParamsSchema = z.object({ id: z.uuid(), photoId: z.uuid() });
export const itemParamsSchema = z.object({ id: z.uuid() });

export type PhotoView = {
  id: string;
  itemId: string;
  ticketId: string | null;
  stage: PhotoStage;
  width: number;
  height: number;
  sizeBytes: number;
  createdAt: Date;
};

export function photoHref(photo: { itemId: string; id: string }): string {
  return `/after-sales/items/${photo.itemId}/photos/${photo.id}`;
}

export function thumbnailHref(photo: { itemId: string; id: string }): string {
  return `${photoHref(photo)}/thumbnail`;
}

export function photoUploadHref(itemId: string, stage: (typeof INTAKE_PHOTO_STAGES)[number], ticketId?: string) {
  const query = new URLSearchParams({ stage, ...(ticketId ? { ticketId } : {}) });
  return `/after-sales/items/${itemId}/photos?${query}`;
}
