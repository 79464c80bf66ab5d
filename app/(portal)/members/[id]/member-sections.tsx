"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Input, Select, controlClasses } from "@/components/ui/input";
import {
  addMemberImportantDateAction,
  addMemberNoteAction,
  addMemberWishlistItemAction,
  removeMemberImportantDateAction,
  removeMemberWishlistItemAction,
  updateMemberProfileAction,
} from "@/lib/members/actions";
import { MALL_CATEGORIES, MATERIALS, PURPOSES, STYLES, type ClientelingProfile } from "@/lib/members/profile";
import {
  addImportantDateSchema,
  addNoteSchema,
  addWishlistItemSchema,
  IMPORTANT_DATE_KINDS,
  updateProfileSchema,
  type AddImportantDateInput,
  type AddNoteInput,
  type AddWishlistItemInput,
  type UpdateProfileInput,
} from "@/lib/members/schemas";
import { fenToYuanInput, formatFen, parseYuanToFen } from "@/lib/money";

/** A calendar date (YYYY-MM-DD) in the reader's locale, without any time-zone shift. */
function useFormatDay() {
  const format = useFormatter();
  return (day: string) => format.dateTime(new Date(`${day}T00:00:00Z`), { dateStyle: "medium", timeZone: "UTC" });
}

function Empty({ children }: { children: React.ReactNode }) {
  return <p className="py-2 text-sm text-stone-500">{children}</p>;
}

// ---------------------------------------------------------------------------------------------

export type NoteView = { id: string; body: string; createdAt: Date; authorName: string | null };

export function NotesSection({ memberId, notes, canWrite, limit }: { memberId: string; notes: NoteView[]; canWrite: boolean; limit: number }) {
  const t = useTranslations("members");
  const format = useFormatter();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<AddNoteInput>({ resolver: zodResolver(addNoteSchema, { error: useZodErrorMap() }), defaultValues: { memberId, body: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addMemberNoteAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset({ memberId, body: "" });
    router.refresh();
  });
  return (
    <div className="space-y-3">
      {canWrite ? (
        <form onSubmit={onSubmit} noValidate className="space-y-2">
          {error ? <Alert tone="error">{error}</Alert> : null}
          <Field id="note-body" label={<span className="sr-only">{t("noteBody")}</span>} error={errors.body?.message}>
            <textarea id="note-body" rows={2} placeholder={t("notePlaceholder")} className={controlClasses} aria-invalid={!!errors.body} {...form.register("body")} />
          </Field>
          <Button type="submit" size="sm" pending={isSubmitting}>
            {t("addNote")}
          </Button>
        </form>
      ) : null}
      {notes.length === 0 ? (
        <Empty>{t("notesEmpty")}</Empty>
      ) : (
        <ol className="max-h-72 space-y-3 overflow-y-auto pr-1" data-testid="notes-timeline">
          {notes.map((note) => (
            <li key={note.id} className="border-l-2 border-amber-200 pl-3">
              <p className="text-xs text-stone-500">
                {note.authorName ?? t("unknownAuthor")} · {format.dateTime(new Date(note.createdAt), { dateStyle: "medium", timeStyle: "short" })}
              </p>
              <p className="text-sm whitespace-pre-wrap text-stone-800">{note.body}</p>
            </li>
          ))}
          {notes.length >= limit ? <li className="text-xs text-stone-500">{t("notesTruncated", { count: limit })}</li> : null}
        </ol>
      )}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

function Chips({ values }: { values: string[] }) {
  return (
    <div className="flex flex-wrap gap-1">
      {values.map((v) => (
        <Badge key={v}>{v}</Badge>
      ))}
    </div>
  );
}

function CheckboxGroup<T extends string>({ name, options, value, label, onChange }: { name: string; options: readonly T[]; value: T[]; label: (option: T) => string; onChange: (next: T[]) => void }) {
  return (
    <div className="flex flex-wrap gap-2">
      {options.map((option) => (
        <label key={option} className="flex items-center gap-1.5 rounded-md px-2 py-1.5 text-sm ring-1 ring-stone-200 hover:bg-stone-50">
          <input
            type="checkbox"
            name={name}
            value={option}
            className="size-4 accent-amber-700"
            checked={value.includes(option)}
            onChange={(e) => onChange(e.target.checked ? [...value, option] : value.filter((v) => v !== option))}
          />
          {label(option)}
        </label>
      ))}
    </div>
  );
}

/** Preferences (the clienteling profile): read view with an inline edit form. */
export function ProfileSection({ memberId, profile, canWrite }: { memberId: string; profile: ClientelingProfile; canWrite: boolean }) {
  const t = useTranslations("members");
  const locale = useLocale();
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string>();
  const defaults: UpdateProfileInput = {
    memberId,
    profile: {
      materials: profile.materials ?? [],
      styles: profile.styles ?? [],
      purpose: profile.purpose,
      budgetMinFen: profile.budgetMinFen,
      budgetMaxFen: profile.budgetMaxFen,
      ringSize: profile.ringSize ?? "",
      brands: profile.brands ?? [],
      mallCategories: profile.mallCategories ?? [],
    },
  };
  const form = useForm<UpdateProfileInput>({ resolver: zodResolver(updateProfileSchema, { error: useZodErrorMap() }), defaultValues: defaults });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await updateMemberProfileAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    setEditing(false);
    router.refresh();
  });

  if (!editing) {
    const rows: [string, React.ReactNode][] = [];
    if (profile.materials?.length) rows.push([t("materials"), <Chips key="m" values={profile.materials.map((m) => t(`materialOptions.${m}`))} />]);
    if (profile.styles?.length) rows.push([t("styles"), <Chips key="s" values={profile.styles.map((s) => t(`styleOptions.${s}`))} />]);
    if (profile.purpose) rows.push([t("purpose"), t(`purposeOptions.${profile.purpose}`)]);
    if (profile.budgetMinFen !== undefined || profile.budgetMaxFen !== undefined) {
      rows.push([t("budget"), `${profile.budgetMinFen !== undefined ? formatFen(profile.budgetMinFen, locale) : "—"} – ${profile.budgetMaxFen !== undefined ? formatFen(profile.budgetMaxFen, locale) : "—"}`]);
    }
    if (profile.ringSize) rows.push([t("ringSize"), profile.ringSize]);
    if (profile.brands?.length) rows.push([t("brands"), <Chips key="b" values={profile.brands} />]);
    if (profile.mallCategories?.length) rows.push([t("mallCategories"), <Chips key="c" values={profile.mallCategories.map((c) => t(`mallCategoryOptions.${c}`))} />]);
    return (
      <div className="space-y-3" data-testid="member-preferences">
        {rows.length === 0 ? (
          <Empty>{t("preferencesEmpty")}</Empty>
        ) : (
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-2 text-sm">
            {rows.map(([label, value]) => (
              <div key={label} className="contents">
                <dt className="text-stone-500">{label}</dt>
                <dd className="text-stone-900">{value}</dd>
              </div>
            ))}
          </dl>
        )}
        {canWrite ? (
          <Button variant="secondary" size="sm" onClick={() => setEditing(true)}>
            {t("editPreferences")}
          </Button>
        ) : null}
      </div>
    );
  }

  const budgetError = errors.profile?.budgetMaxFen?.message ?? errors.profile?.budgetMinFen?.message;
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3" data-testid="preferences-form">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-stone-800">{t("materials")}</legend>
        <Controller control={form.control} name="profile.materials" render={({ field }) => <CheckboxGroup name="materials" options={MATERIALS} value={field.value ?? []} label={(m) => t(`materialOptions.${m}`)} onChange={field.onChange} />} />
      </fieldset>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-stone-800">{t("styles")}</legend>
        <Controller control={form.control} name="profile.styles" render={({ field }) => <CheckboxGroup name="styles" options={STYLES} value={field.value ?? []} label={(s) => t(`styleOptions.${s}`)} onChange={field.onChange} />} />
      </fieldset>
      <div className="grid gap-3 sm:grid-cols-2">
        <Field id="purpose" label={t("purpose")}>
          <Controller
            control={form.control}
            name="profile.purpose"
            render={({ field }) => (
              <Select id="purpose" value={field.value ?? ""} onChange={(e) => field.onChange(e.target.value || undefined)}>
                <option value="">—</option>
                {PURPOSES.map((p) => (
                  <option key={p} value={p}>
                    {t(`purposeOptions.${p}`)}
                  </option>
                ))}
              </Select>
            )}
          />
        </Field>
        <Field id="ringSize" label={t("ringSize")} error={errors.profile?.ringSize?.message}>
          <Input id="ringSize" {...form.register("profile.ringSize")} />
        </Field>
        <Field id="budgetMin" label={t("budgetMin")} error={budgetError}>
          <Controller control={form.control} name="profile.budgetMinFen" render={({ field }) => <YuanInput id="budgetMin" value={field.value} onChange={field.onChange} />} />
        </Field>
        <Field id="budgetMax" label={t("budgetMax")}>
          <Controller control={form.control} name="profile.budgetMaxFen" render={({ field }) => <YuanInput id="budgetMax" value={field.value} onChange={field.onChange} />} />
        </Field>
      </div>
      <Field id="brands" label={t("brands")} hint={t("brandsHint")}>
        <Controller control={form.control} name="profile.brands" render={({ field }) => <ListInput id="brands" value={field.value ?? []} onChange={field.onChange} />} />
      </Field>
      <fieldset className="space-y-1">
        <legend className="text-sm font-medium text-stone-800">{t("mallCategories")}</legend>
        <Controller control={form.control} name="profile.mallCategories" render={({ field }) => <CheckboxGroup name="mallCategories" options={MALL_CATEGORIES} value={field.value ?? []} label={(c) => t(`mallCategoryOptions.${c}`)} onChange={field.onChange} />} />
      </fieldset>
      <div className="flex gap-2">
        <Button type="submit" size="sm" pending={isSubmitting}>
          {t("savePreferences")}
        </Button>
        <Button
          variant="ghost"
          size="sm"
          onClick={() => {
            form.reset(defaults);
            setEditing(false);
          }}
        >
          {t("cancelEdit")}
        </Button>
      </div>
    </form>
  );
}

/** An amount typed in yuan, held by the form in fen (undefined when empty or not a valid amount). */
function YuanInput({ id, value, onChange }: { id: string; value: number | null | undefined; onChange: (fen: number | undefined) => void }) {
  const [text, setText] = useState(fenToYuanInput(value));
  return (
    <Input
      id={id}
      inputMode="decimal"
      value={text}
      placeholder="¥"
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseYuanToFen(e.target.value) ?? undefined);
      }}
    />
  );
}

function ListInput({ id, value, onChange }: { id: string; value: string[]; onChange: (next: string[]) => void }) {
  const [text, setText] = useState(value.join("，"));
  return (
    <Input
      id={id}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(
          e.target.value
            .split(/[,，、;；]+/)
            .map((s) => s.trim())
            .filter(Boolean),
        );
      }}
    />
  );
}

// ---------------------------------------------------------------------------------------------

/** Runs a removal action, then refreshes the page; shows the failure message if any. */
function useRemove() {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const remove = (action: () => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await action();
      if (!result.ok) return setError(result.message);
      router.refresh();
    });
  return { pending, error, remove };
}

export type ImportantDateView = { id: string; kind: (typeof IMPORTANT_DATE_KINDS)[number]; label: string | null; date: string };

export function ImportantDatesSection({ memberId, dates, canWrite }: { memberId: string; dates: ImportantDateView[]; canWrite: boolean }) {
  const t = useTranslations("members");
  const formatDay = useFormatDay();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const { pending, error: removeError, remove } = useRemove();
  const form = useForm<AddImportantDateInput>({ resolver: zodResolver(addImportantDateSchema, { error: useZodErrorMap() }), defaultValues: { memberId, kind: "anniversary", label: "", date: "" } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addMemberImportantDateAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset({ memberId, kind: "anniversary", label: "", date: "" });
    router.refresh();
  });
  return (
    <div className="space-y-3">
      {error || removeError ? <Alert tone="error">{error ?? removeError}</Alert> : null}
      {dates.length === 0 ? (
        <Empty>{t("importantDatesEmpty")}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {dates.map((d) => (
            <li key={d.id} className="flex items-center justify-between gap-2 py-1.5">
              <span>
                <span className="font-medium">{d.label || t(`dateKinds.${d.kind}`)}</span>
                {d.label ? <span className="ml-1 text-xs text-stone-500">{t(`dateKinds.${d.kind}`)}</span> : null}
                <span className="ml-2 text-stone-600">{formatDay(d.date)}</span>
              </span>
              {canWrite ? (
                <Button variant="ghost" size="sm" pending={pending} onClick={() => remove(() => removeMemberImportantDateAction({ memberId, id: d.id }))} aria-label={t("removeItem", { item: d.label || t(`dateKinds.${d.kind}`) })}>
                  {t("remove")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form onSubmit={onSubmit} noValidate className="grid grid-cols-2 items-end gap-2">
          <Field id="date-kind" label={t("dateKind")}>
            <Select id="date-kind" {...form.register("kind")}>
              {IMPORTANT_DATE_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`dateKinds.${k}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="date-value" label={t("date")} error={errors.date?.message}>
            <Input id="date-value" type="date" aria-invalid={!!errors.date} {...form.register("date")} />
          </Field>
          <div className="col-span-2">
            <Field id="date-label" label={t("dateLabel")} error={errors.label?.message}>
              <Input id="date-label" {...form.register("label")} />
            </Field>
          </div>
          <Button type="submit" size="sm" className="col-span-2 justify-self-start whitespace-nowrap" pending={isSubmitting}>
            {t("addDate")}
          </Button>
        </form>
      ) : null}
    </div>
  );
}

// ---------------------------------------------------------------------------------------------

export type WishlistItemView = { id: string; description: string; sku: string | null; priceFen: number | null; createdAt: Date };

export function WishlistSection({ memberId, items, canWrite }: { memberId: string; items: WishlistItemView[]; canWrite: boolean }) {
  const t = useTranslations("members");
  const locale = useLocale();
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [priceKey, setPriceKey] = useState(0);
  const { pending, error: removeError, remove } = useRemove();
  const form = useForm<AddWishlistItemInput>({ resolver: zodResolver(addWishlistItemSchema, { error: useZodErrorMap() }), defaultValues: { memberId, description: "", sku: "", priceFen: null } });
  const { errors, isSubmitting } = form.formState;
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await addMemberWishlistItemAction(values);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    form.reset({ memberId, description: "", sku: "", priceFen: null });
    setPriceKey((k) => k + 1);
    router.refresh();
  });
  return (
    <div className="space-y-3">
      {error || removeError ? <Alert tone="error">{error ?? removeError}</Alert> : null}
      {items.length === 0 ? (
        <Empty>{t("wishlistEmpty")}</Empty>
      ) : (
        <ul className="divide-y divide-stone-100 text-sm">
          {items.map((item) => (
            <li key={item.id} className="flex items-center justify-between gap-2 py-1.5">
              <span>
                <span className="font-medium">{item.description}</span>
                {item.sku ? <span className="ml-2 font-mono text-xs text-stone-500">{item.sku}</span> : null}
                {item.priceFen !== null ? <span className="ml-2 text-stone-700">{formatFen(item.priceFen, locale)}</span> : null}
              </span>
              {canWrite ? (
                <Button variant="ghost" size="sm" pending={pending} onClick={() => remove(() => removeMemberWishlistItemAction({ memberId, id: item.id }))} aria-label={t("removeItem", { item: item.description })}>
                  {t("remove")}
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      )}
      {canWrite ? (
        <form onSubmit={onSubmit} noValidate className="grid gap-2 sm:grid-cols-[1fr_auto_auto_auto] sm:items-end">
          <Field id="wish-description" label={t("wishDescription")} error={errors.description?.message}>
            <Input id="wish-description" aria-invalid={!!errors.description} {...form.register("description")} />
          </Field>
          <Field id="wish-sku" label={t("sku")} error={errors.sku?.message}>
            <Input id="wish-sku" className="w-28" {...form.register("sku")} />
          </Field>
          <Field id="wish-price" label={t("price")} error={errors.priceFen?.message}>
            <Controller control={form.control} name="priceFen" render={({ field }) => <YuanInput key={priceKey} id="wish-price" value={field.value} onChange={(fen) => field.onChange(fen ?? null)} />} />
          </Field>
          <Button type="submit" size="sm" pending={isSubmitting}>
            {t("addWish")}
          </Button>
        </form>
      ) : null}
    </div>
  );
}
