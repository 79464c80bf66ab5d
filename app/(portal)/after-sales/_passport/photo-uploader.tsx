"use client";

import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { photoUploadHref } from "@/lib/after-sales/photos/schemas";
import { uploadPhoto } from "./upload-photo";
import { IMAGE_ACCEPT } from "./upload-limits";

/**
 * Adds photos to a piece's passport (or to a ticket at intake): several files, sent one by one,
 * each checked by the server; the page refreshes once they are in. A refused file says why.
 */
export function PhotoUploader({
  itemId,
  stage,
  ticketId,
}: {
  itemId: string;
  stage: "passport" | "intake";
  ticketId?: string;
}) {
  const t = useTranslations("afterSalesIntake");
  const tValidation = useTranslations("validation");
  const router = useRouter();
  const input = useRef<HTMLInputElement>(null);
  const [busy, setBusy] = useState<{ done: number; total: number } | null>(null);
  const [failures, setFailures] = useState<{ name: string; reason: string }[]>([]);

  const reasonText = (reason: string) =>
    tValidation.has(reason)
      ? tValidation(reason)
      : t.has(`photos.${reason}`)
        ? t(`photos.${reason}`)
        : t("photos.uploadFailed");

  const send = async (files: File[]) => {
    if (files.length === 0) return;
    setFailures([]);
    const failed: { name: string; reason: string }[] = [];
    for (const [index, file] of files.entries()) {
      setBusy({ done: index, total: files.length });
      const result = await uploadPhoto(photoUploadHref(itemId, stage, ticketId), file);
      if (!result.ok) failed.push({ name: file.name, reason: result.reason });
    }
    setBusy(null);
    setFailures(failed);
    if (input.current) input.current.value = "";
    router.refresh();
  };

  return (
    <div className="space-y-2">
      <label className="inline-flex min-h-10 cursor-pointer items-center rounded-md bg-white px-4 py-2 text-sm font-medium text-stone-800 ring-1 ring-stone-300 ring-inset hover:bg-stone-50 has-[:disabled]:cursor-not-allowed has-[:disabled]:text-stone-400">
        {busy ? t("photos.uploading", { done: busy.done + 1, total: busy.total }) : t("photos.add")}
        <input
          ref={input}
          type="file"
          accept={IMAGE_ACCEPT}
          multiple
          className="sr-only"
          disabled={!!busy}
          onChange={(e) => void send([...(e.target.files ?? [])])}
        />
      </label>
      <p className="text-xs text-stone-500">{t("photos.hint")}</p>
      {failures.length > 0 ? (
        <Alert tone="error">
          <ul className="space-y-1">
            {failures.map((failure, index) => (
              <li key={`${failure.name}-${index}`}>
                {failure.name}: {reasonText(failure.reason)}
              </li>
            ))}
          </ul>
        </Alert>
      ) : null}
    </div>
  );
}
