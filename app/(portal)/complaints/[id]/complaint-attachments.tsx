import { getFormatter, getTranslations } from "next-intl/server";
import type { AttachmentView } from "@/lib/complaints/attachments/schemas";
import { MAX_ATTACHMENTS_PER_COMPLAINT } from "@/lib/complaints/attachments/schemas";
import { AttachmentUploader } from "../_components/attachments";

/** The complaint's files: image thumbnails open the full image, PDFs download; handlers may add more. */
export async function ComplaintAttachments({
  complaintId,
  attachments,
  canUpload,
}: {
  complaintId: string;
  attachments: AttachmentView[];
  canUpload: boolean;
}) {
  const t = await getTranslations("complaints.attachments");
  const format = await getFormatter();
  const base = `/complaints/${complaintId}/attachments`;
  return (
    <div className="space-y-4">
      {attachments.length === 0 ? (
        <p className="text-sm text-stone-500">{t("none")}</p>
      ) : (
        <ul className="grid gap-3 sm:grid-cols-2">
          {attachments.map((file) => (
            <li key={file.id} className="flex items-center gap-3 rounded-md p-2 ring-1 ring-stone-200">
              <a
                href={`${base}/${file.id}`}
                target={file.isImage ? "_blank" : undefined}
                rel="noopener"
                className="flex min-w-0 flex-1 items-center gap-3 hover:underline"
              >
                {file.isImage ? (
                  // eslint-disable-next-line @next/next/no-img-element -- a private, session-bound image; next/image would cache it shared
                  <img
                    src={`${base}/${file.id}/thumbnail`}
                    alt={file.fileName}
                    width={56}
                    height={56}
                    className="size-14 shrink-0 rounded object-cover"
                  />
                ) : (
                  <span className="flex size-14 shrink-0 items-center justify-center rounded bg-stone-100 text-xs font-semibold text-stone-600">
                    PDF
                  </span>
                )}
                <span className="min-w-0">
                  <span className="block truncate text-sm text-amber-800">{file.fileName}</span>
                  <span className="block text-xs text-stone-500">
                    {format.dateTime(file.createdAt, { dateStyle: "medium", timeStyle: "short" })}
                    {file.createdByName ? ` · ${file.createdByName}` : ""}
                  </span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
      {canUpload ? (
        <AttachmentUploader complaintId={complaintId} remaining={MAX_ATTACHMENTS_PER_COMPLAINT - attachments.length} />
      ) : null}
    </div>
  );
}
