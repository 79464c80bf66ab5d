"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import {
  abandonImportAction,
  commitImportChunkAction,
  dryRunImportAction,
  previewImportAction,
} from "@/lib/members/import/actions";
import { IMPORT_FIELDS, type ColumnMapping } from "@/lib/members/import/mapping";
import { dryRunImportSchema, type DryRunImportInput } from "@/lib/members/import/schemas";
import type { DryRunResult } from "@/lib/members/import/use-cases";
import { ImportReportView } from "./import-report";
import { ProgressBar } from "./progress-bar";

type Store = { id: string; code: string; name: string };
type Encoding = "auto" | "utf-8" | "gbk";
type Preview = {
  fileName: string;
  encoding: "utf-8" | "gbk";
  header: string[];
  sample: { line: number; cells: string[] }[];
  rows: number;
  guessedMapping: ColumnMapping;
};
type CommitProgress = {
  rowsDone: number;
  rowsTotal: number;
  done: boolean;
  result: { membersCreated: number; membersMatched: number; cardsAdded: number; conflictRows: number };
};

// Stays under the proxy's 10 MB request buffer and well within memory on a small server.
const PART_BYTES = 4 * 1024 * 1024;

export function ImportWizard({ stores }: { stores: Store[] }) {
  const t = useTranslations("memberImport");
  const [error, setError] = useState<string>();
  const [upload, setUpload] = useState<{ id: string; sent: number; total: number } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [preview, setPreview] = useState<Preview | null>(null);
  const [dryRun, setDryRun] = useState<DryRunResult | null>(null);
  const [commit, setCommit] = useState<CommitProgress | null>(null);
  const [committing, setCommitting] = useState(false);
  const [closing, setClosing] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const form = useForm<DryRunImportInput>({
    resolver: zodResolver(dryRunImportSchema, { error: useZodErrorMap() }),
    defaultValues: {
      uploadId: "",
      encoding: "auto",
      storeId: stores[0]?.id ?? "",
      mapping: Object.fromEntries(IMPORT_FIELDS.map((f) => [f, null])) as ColumnMapping,
    },
  });
  const { errors, isSubmitting } = form.formState;
  // A changed mapping or store makes the shown dry run stale: the import commits what the last dry run planned.
  const clearDryRun = () => setDryRun(null);

  async function loadPreview(uploadId: string, encoding: Encoding) {
    const result = await previewImportAction({ uploadId, encoding });
    if (!result.ok) return setError(result.code === "validation" ? t("errors.unreadable") : result.message);
    setPreview(result.data);
    setDryRun(null);
    form.reset({ ...form.getValues(), uploadId, encoding, mapping: result.data.guessedMapping });
  }

  async function onFile(file: File | undefined) {
    // Another file replaces the import: the previous upload is not needed any more.
    if (upload?.id) void abandonImportAction({ uploadId: upload.id });
    setError(undefined);
    setPreview(null);
    setDryRun(null);
    setCommit(null);
    if (!file) return;
    setUploading(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      let uploadId: string | null = null;
      setUpload({ id: "", sent: 0, total: bytes.length });
      for (let offset = 0; offset < bytes.length || offset === 0; offset += PART_BYTES) {
        const query = new URLSearchParams({ offset: String(offset), ...(uploadId ? { id: uploadId } : {}) });
        const response = await fetch(`/members/import/upload?${query}`, {
          method: "POST",
          headers: {
            "Content-Type": "application/octet-stream",
            "x-atrium-upload": "1",
            "x-file-name": encodeURIComponent(file.name),
          },
          body: bytes.subarray(offset, offset + PART_BYTES),
        });
        const body = (await response.json().catch(() => ({}))) as {
          uploadId?: string;
          received?: number;
          error?: { code?: string; fields?: Record<string, string[]> };
        };
        if (!response.ok || !body.uploadId) {
          // 413 is a part over the limit, or the whole file (named in `fields.file`).
          const reason =
            body.error?.fields?.file?.[0] ??
            (response.status === 413 ? "importPartTooLarge" : (body.error?.code ?? "internal"));
          const key = `errors.${reason}`;
          return setError(t.has(key) ? t(key) : t("errors.internal"));
        }
        uploadId = body.uploadId;
        setUpload({ id: uploadId, sent: body.received ?? offset, total: bytes.length });
        if (bytes.length === 0) break;
      }
      if (uploadId) await loadPreview(uploadId, form.getValues("encoding") as Encoding);
    } catch {
      setError(t("errors.internal"));
    } finally {
      setUploading(false);
    }
  }

  const onDryRun = form.handleSubmit(async (values) => {
    setError(undefined);
    setCommit(null);
    const result = await dryRunImportAction(values);
    if (!result.ok) return setError(result.message);
    setDryRun(result.data);
  });

  async function onCommit() {
    if (!upload || !dryRun || committing) return;
    setCommitting(true);
    setError(undefined);
    try {
      let rowsDone = commit?.rowsDone ?? 0;
      // Chunks already committed (an earlier attempt) come back as they are, so "continue" starts at 0.
      for (let chunk = 0; chunk < dryRun.chunks; chunk++) {
        const result = await commitImportChunkAction({ uploadId: upload.id, chunk });
        if (!result.ok) return setError(`${t("errors.commitStopped", { done: rowsDone })} ${result.message}`);
        rowsDone = result.data.rowsDone;
        setCommit(result.data);
        if (result.data.done) break;
      }
    } finally {
      setCommitting(false);
    }
  }

  /** Closes the import (finished or cancelled): the server deletes the file and the plan, the wizard starts over. */
  async function closeImport() {
    if (!upload?.id || committing) return;
    setClosing(true);
    try {
      const result = await abandonImportAction({ uploadId: upload.id });
      if (!result.ok) return setError(result.message);
      setError(undefined);
      setUpload(null);
      setPreview(null);
      setDryRun(null);
      setCommit(null);
      form.reset();
      if (fileInput.current) fileInput.current.value = "";
    } finally {
      setClosing(false);
    }
  }

  const columnOptions =
    preview?.header.map((name, index) => ({ index, label: name || t("columnN", { n: index + 1 }) })) ?? [];
  const locked = committing || commit !== null;

  return (
    <div className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}

      <Card title={t("step1")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="file" label={t("file")} hint={t("fileHint")}>
            <input
              id="file"
              ref={fileInput}
              type="file"
              accept=".csv,text/csv"
              disabled={uploading || committing}
              onChange={(e) => void onFile(e.target.files?.[0])}
              className="block w-full text-sm text-stone-700 file:mr-3 file:rounded-md file:border-0 file:bg-stone-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-stone-200"
            />
          </Field>
          <Field
            id="encoding"
            label={t("encoding")}
            hint={preview ? t("encodingDetected", { encoding: preview.encoding.toUpperCase() }) : t("encodingHint")}
          >
            <Select
              id="encoding"
              disabled={uploading || locked}
              {...form.register("encoding", {
                onChange: (e) => {
                  if (upload?.id) void loadPreview(upload.id, e.target.value as Encoding);
                },
              })}
            >
              <option value="auto">{t("encodingAuto")}</option>
              <option value="utf-8">UTF-8</option>
              <option value="gbk">GBK / GB18030</option>
            </Select>
          </Field>
        </div>
        {uploading && upload ? (
          <ProgressBar className="mt-4" label={t("uploading")} done={upload.sent} total={upload.total} />
        ) : null}
      </Card>

      {preview ? (
        <form onSubmit={onDryRun} noValidate className="space-y-5">
          <Card title={t("step2", { file: preview.fileName, rows: preview.rows })}>
            <div className="overflow-x-auto rounded-md ring-1 ring-stone-200">
              <table className="min-w-full divide-y divide-stone-200 text-xs">
                <thead className="bg-stone-50">
                  <tr>
                    <th scope="col" className="px-2 py-2 text-left font-semibold text-stone-600">
                      {t("line")}
                    </th>
                    {preview.header.map((name, i) => (
                      <th
                        key={i}
                        scope="col"
                        className="px-2 py-2 text-left font-semibold whitespace-nowrap text-stone-600"
                      >
                        {name || t("columnN", { n: i + 1 })}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody className="divide-y divide-stone-100">
                  {preview.sample.map((row) => (
                    <tr key={row.line}>
                      <td className="px-2 py-1.5 text-stone-500 tabular-nums">{row.line}</td>
                      {preview.header.map((_, i) => (
                        <td key={i} className="px-2 py-1.5 whitespace-nowrap text-stone-800">
                          {row.cells[i] ?? ""}
                        </td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>

            <h3 className="mt-5 mb-2 text-sm font-semibold text-stone-900">{t("mapping")}</h3>
            <p className="mb-3 text-sm text-stone-600">{t("mappingHint")}</p>
            <div className="grid gap-4 sm:grid-cols-3">
              {IMPORT_FIELDS.map((field) => (
                <Field
                  key={field}
                  id={`map-${field}`}
                  label={t(`fields.${field}`)}
                  error={errors.mapping?.[field]?.message}
                >
                  <Select
                    id={`map-${field}`}
                    disabled={locked}
                    aria-invalid={!!errors.mapping?.[field]}
                    {...form.register(`mapping.${field}`, {
                      setValueAs: (v: unknown) => (v === "" || v === null ? null : Number(v)),
                      onChange: clearDryRun,
                    })}
                  >
                    <option value="">{t("notMapped")}</option>
                    {columnOptions.map((c) => (
                      <option key={c.index} value={c.index}>
                        {c.label}
                      </option>
                    ))}
                  </Select>
                </Field>
              ))}
            </div>
            {errors.mapping?.root?.message || errors.mapping?.message ? (
              <p className="mt-2 text-xs text-red-700">{t("errors.columnTwice")}</p>
            ) : null}

            <div className="mt-5 grid gap-4 sm:grid-cols-2">
              <Field id="storeId" label={t("homeStore")} hint={t("homeStoreHint")} error={errors.storeId?.message}>
                <Select
                  id="storeId"
                  disabled={locked}
                  aria-invalid={!!errors.storeId}
                  {...form.register("storeId", { onChange: clearDryRun })}
                >
                  {stores.length === 0 ? <option value="">{t("noStores")}</option> : null}
                  {stores.map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.code} {s.name}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
            <div className="mt-5 flex gap-2">
              <Button
                type="submit"
                variant={dryRun ? "secondary" : "primary"}
                pending={isSubmitting}
                disabled={locked || stores.length === 0}
              >
                {dryRun ? t("dryRunAgain") : t("dryRun")}
              </Button>
            </div>
          </Card>
        </form>
      ) : null}

      {dryRun && upload ? (
        <ImportReportView
          result={dryRun}
          rejectedHref={`/members/import/rejected?id=${encodeURIComponent(upload.id)}`}
          onCommit={() => void onCommit()}
          committing={committing}
          commit={commit}
        />
      ) : null}

      {upload?.id && !uploading ? (
        <div className="flex flex-wrap items-center gap-3">
          <Button variant="secondary" onClick={() => void closeImport()} pending={closing} disabled={committing}>
            {commit?.done ? t("finishImport") : t("closeImport")}
          </Button>
          <p className="text-sm text-stone-600">{t("closeHint")}</p>
        </div>
      ) : null}
    </div>
  );
}
