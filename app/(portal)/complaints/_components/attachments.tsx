"use client";

import { useRouter } from "next/navigation";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { uploadFile, type UploadOutcome } from "@/components/form/upload-file";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ATTACHMENT_ACCEPT, MAX_ATTACHMENTS_PER_COMPLAINT } from "@/lib/complaints/attachments/schemas";

/** What a failed upload says, in the staff member's language: the field message when the route gave one. */
function useUploadError() {
  const t = useTranslations("complaints.attachments");
  const tValidation = useTranslations("validation");
  return (name: string, outcome: Extract<UploadOutcome<unknown>, { ok: false }>) => {
    const reason =
      outcome.fieldError && tValidation.has(outcome.fieldError)
        ? tValidation(outcome.fieldError)
        : outcome.code === "payload_too_large"
          ? tValidation("attachmentTooLarge")
          : (outcome.message ?? t("failed"));
    return t("fileFailed", { name, reason });
  };
}

/** Uploads the files one after the other to a complaint; resolves with the failures' messages. */
export function useComplaintUploads() {
  const describe = useUploadError();
  const [progress, setProgress] = useState<{ done: number; total: number } | null>(null);
  async function upload(complaintId: string, files: File[]): Promise<string[]> {
    const failures: string[] = [];
    setProgress({ done: 0, total: files.length });
    for (const [index, file] of files.entries()) {
      const outcome = await uploadFile(
        `/complaints/${complaintId}/attachments?name=${encodeURIComponent(file.name)}`,
        file,
      );
      if (!outcome.ok) failures.push(describe(file.name, outcome));
      setProgress({ done: index + 1, total: files.length });
    }
    setProgress(null);
    return failures;
  }
  return { upload, progress };
}

function formatSize(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MB`
    : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** The intake form's file choice: files are kept here and uploaded once the complaint exists. */
export function AttachmentPicker({ files, onChange }: { files: File[]; onChange: (files: File[]) => void }) {
  const t = useTranslations("complaints.attachments");
  const input = useRef<HTMLInputElement>(null);
  return (
    <div className="space-y-2">
      <input
        ref={input}
        id="attachments"
        type="file"
        multiple
        accept={ATTACHMENT_ACCEPT}
        className="block w-full text-sm text-stone-700 file:mr-3 file:rounded-md file:border-0 file:bg-stone-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-stone-200"
        onChange={(event) => {
          const chosen = [...(event.target.files ?? [])];
          onChange([...files, ...chosen].slice(0, MAX_ATTACHMENTS_PER_COMPLAINT));
          if (input.current) input.current.value = "";
        }}
      />
      <p className="text-xs text-stone-500">{t("hint", { max: MAX_ATTACHMENTS_PER_COMPLAINT })}</p>
      {files.length > 0 ? (
        <ul className="divide-y divide-stone-100 rounded-md ring-1 ring-stone-200">
          {files.map((file, index) => (
            <li key={`${file.name}-${index}`} className="flex items-center justify-between gap-2 px-3 py-2 text-sm">
              <span className="truncate">{file.name}</span>
              <span className="flex shrink-0 items-center gap-3 text-xs text-stone-500 tabular-nums">
                {formatSize(file.size)}
                <button
                  type="button"
                  className="text-red-700 hover:underline"
                  onClick={() => onChange(files.filter((_, i) => i !== index))}
                >
                  {t("remove")}
                </button>
              </span>
            </li>
          ))}
        </ul>
      ) : null}
    </div>
  );
}

/** On the complaint page: add files now (each checked by the server), then show the new list. */
export function AttachmentUploader({ complaintId, remaining }: { complaintId: string; remaining: number }) {
  const t = useTranslations("complaints.attachments");
  const router = useRouter();
  const [files, setFiles] = useState<File[]>([]);
  const [errors, setErrors] = useState<string[]>([]);
  const { upload, progress } = useComplaintUploads();
  if (remaining <= 0) return <p className="text-xs text-stone-500">{t("full")}</p>;
  return (
    <div className="space-y-3">
      {errors.length > 0 ? (
        <Alert tone="error">
          <ul className="space-y-1">
            {errors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <AttachmentPicker files={files} onChange={(chosen) => setFiles(chosen.slice(0, remaining))} />
      <Button
        type="button"
        disabled={files.length === 0}
        pending={!!progress}
        onClick={async () => {
          const failures = await upload(complaintId, files);
          setErrors(failures);
          setFiles([]);
          router.refresh();
        }}
      >
        {progress ? t("uploading", { done: progress.done, total: progress.total }) : t("upload")}
      </Button>
    </div>
  );
}
