"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useFormatter, useLocale, useTranslations } from "next-intl";
import { useEffect, useMemo, useState } from "react";
import { Controller, FormProvider, useForm, useWatch } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { YuanInput } from "@/components/form/yuan-input";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { controlClasses, Input, Select } from "@/components/ui/input";
import { createServiceTicketAction, intakeMemberContextAction } from "@/lib/after-sales/intake/actions";
import { priceService } from "@/lib/after-sales/intake/pricing";
import type { IntakeMemberContext } from "@/lib/after-sales/intake/queries";
import {
  bagTagHref,
  CONDITION_NOTES_MAX,
  intakeReceiptHref,
  intakeSchema,
  SERVICE_TYPES,
  ticketHref,
  type IntakeInput,
  type IntakeValues,
  type PriceList,
  type ServiceType,
} from "@/lib/after-sales/intake/schemas";
import { emptyItemFields, formatCg, prefillFromPurchaseLine } from "@/lib/after-sales/passports/schemas";
import { MAX_PHOTOS_PER_SET, photoUploadHref } from "@/lib/after-sales/photos/schemas";
import type { BookingMember } from "@/lib/appointments/booking/queries";
import { formatFen } from "@/lib/money";
import { CustomerSearch } from "../../../complaints/_components/customer-search";
import { ItemFieldsInputs } from "../../_passport/item-fields";
import { PhotoUploader } from "../../_passport/photo-uploader";
import { PurchaseLineSelect } from "../../_passport/purchase-line-select";
import { IMAGE_ACCEPT, IMAGE_MAX_BYTES_CLIENT } from "../../_passport/upload-limits";
import { uploadPhoto } from "../../_passport/upload-photo";

export type IntakeStart = { member: BookingMember; context: IntakeMemberContext; itemId: string };

type StoreOption = {
  id: string;
  label: string;
  timeZone: string;
  /** Today, the latest promised date allowed and the suggested one, in the store's zone (from the server). */
  today: string;
  latest: string;
  suggested: string;
};

type Created = { ticketId: string; reference: string; itemId: string; failures: { name: string; reason: string }[] };

/**
 * The intake form: the member (the complaint form's member search), the piece (one of theirs, or
 * registered here), the service and the weight at the counter, photos, the declared value, the
 * linked purchase, the promised date and the estimated fee. The price shows live from the same rule
 * the server applies (lib/after-sales/intake/pricing.ts); the server decides. Photos are sent once
 * the ticket exists, one request each.
 */
export function IntakeForm({
  stores,
  priceList,
  nowIso,
  start,
}: {
  stores: StoreOption[];
  priceList: PriceList;
  nowIso: string;
  start: IntakeStart | null;
}) {
  const t = useTranslations("afterSalesIntake");
  const tValidation = useTranslations("validation");
  const format = useFormatter();
  const locale = useLocale();
  const router = useRouter();
  const [member, setMember] = useState<BookingMember | null>(start?.member ?? null);
  const [context, setContext] = useState<IntakeMemberContext | null>(start?.context ?? null);
  const [mode, setMode] = useState<"existing" | "new">(start && start.context.items.length > 0 ? "existing" : "new");
  const [photos, setPhotos] = useState<File[]>([]);
  const [photoProblem, setPhotoProblem] = useState<string>();
  const [feeTouched, setFeeTouched] = useState(false);
  const [error, setError] = useState<string>();
  const [created, setCreated] = useState<Created | null>(null);

  const startItem = start?.context.items.find((item) => item.id === start.itemId);
  const form = useForm<IntakeInput, unknown, IntakeValues>({
    resolver: zodResolver(intakeSchema, { error: useZodErrorMap() }),
    defaultValues: {
      storeId: stores[0]?.id ?? "",
      memberId: start?.member.id ?? "",
      itemId: startItem?.id ?? "",
      newItem: start && start.context.items.length > 0 ? null : emptyItemFields(),
      serviceType: "" as ServiceType,
      weightIn: "",
      stoneCountIn: String(startItem?.stoneCount ?? 0),
      conditionNotes: "",
      declaredValueFen: 0,
      linkedTransactionId: startItem?.purchaseTransactionId ?? "",
      promisedOn: stores[0]?.suggested ?? "",
      estimatedFeeFen: 0,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const [storeId, serviceType, linkedTransactionId, itemId, lineId] = useWatch({
    control: form.control,
    name: ["storeId", "serviceType", "linkedTransactionId", "itemId", "newItem.purchaseLineId"],
  });
  const store = stores.find((candidate) => candidate.id === storeId);
  const message = (key: string | undefined) => (key && tValidation.has(key) ? tValidation(key) : key);

  // The purchases the ticket may be linked to: the latest ones, and the chosen piece's own (however old).
  const chosenItem = context?.items.find((item) => item.id === itemId);
  const purchaseOptions = useMemo(() => {
    const options: { id: string; occurredAt: Date; timeZone: string; label: string; totalPaidFen: number | null }[] = (
      context?.purchases ?? []
    ).map((purchase) => ({
      id: purchase.id,
      occurredAt: new Date(purchase.occurredAt),
      timeZone: purchase.timeZone,
      label: purchase.externalId,
      totalPaidFen: purchase.totalPaidFen,
    }));
    if (
      chosenItem?.purchaseTransactionId &&
      chosenItem.purchasedAt &&
      !options.some((o) => o.id === chosenItem.purchaseTransactionId)
    ) {
      options.push({
        id: chosenItem.purchaseTransactionId,
        occurredAt: new Date(chosenItem.purchasedAt),
        timeZone: chosenItem.timeZone,
        label: chosenItem.name,
        totalPaidFen: null,
      });
    }
    return options;
  }, [context, chosenItem]);
  const linked = purchaseOptions.find((option) => option.id === linkedTransactionId);

  const price =
    context && store && (SERVICE_TYPES as readonly string[]).includes(serviceType)
      ? priceService({
          serviceType,
          memberTier: context.member.tier,
          purchasedAt: linked?.occurredAt ?? null,
          now: new Date(nowIso),
          timeZone: store.timeZone,
          priceList,
        })
      : null;
  const charge = price?.chargeFen;

  // The estimated fee follows the price until the staff member types one.
  useEffect(() => {
    if (!feeTouched && charge !== undefined) form.setValue("estimatedFeeFen", charge);
  }, [feeTouched, charge, form]);

  const chooseMember = async (chosen: BookingMember | null) => {
    setMember(chosen);
    setContext(null);
    setError(undefined);
    form.setValue("memberId", chosen?.id ?? "");
    form.setValue("itemId", "");
    form.setValue("linkedTransactionId", "");
    if (!chosen) return;
    const result = await intakeMemberContextAction({ memberId: chosen.id });
    if (!result.ok) return setError(result.message);
    setContext(result.data);
    const hasItems = result.data.items.length > 0;
    setMode(hasItems ? "existing" : "new");
    form.setValue("newItem", hasItems ? null : emptyItemFields());
  };

  const switchMode = (next: "existing" | "new") => {
    setMode(next);
    form.setValue("itemId", "");
    form.setValue("linkedTransactionId", "");
    form.setValue("newItem", next === "new" ? emptyItemFields() : null);
    form.clearErrors(["itemId", "newItem"]);
  };

  const chooseItem = (id: string) => {
    const item = context?.items.find((candidate) => candidate.id === id);
    form.setValue("itemId", id, { shouldValidate: true });
    form.setValue("linkedTransactionId", item?.purchaseTransactionId ?? "");
    form.setValue("stoneCountIn", String(item?.stoneCount ?? 0));
  };

  const addPhotos = (files: File[]) => {
    setPhotoProblem(undefined);
    const fitting = files.filter((file) => file.size <= IMAGE_MAX_BYTES_CLIENT);
    if (fitting.length < files.length) setPhotoProblem(tValidation("imageTooLarge"));
    const next = [...photos, ...fitting];
    if (next.length > MAX_PHOTOS_PER_SET) setPhotoProblem(t("photos.tooMany", { max: MAX_PHOTOS_PER_SET }));
    setPhotos(next.slice(0, MAX_PHOTOS_PER_SET));
  };

  const submit = form.handleSubmit(async () => {
    setError(undefined);
    // The form's own text (grams as typed): the action parses it again with the same schema.
    const result = await createServiceTicketAction(form.getValues());
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    const { ticketId, reference, itemId: ticketItemId } = result.data;
    const failures: Created["failures"] = [];
    for (const file of photos) {
      const sent = await uploadPhoto(photoUploadHref(ticketItemId, "intake", ticketId), file);
      if (!sent.ok) failures.push({ name: file.name, reason: sent.reason });
    }
    setCreated({ ticketId, reference, itemId: ticketItemId, failures });
    if (failures.length === 0) router.push(`${ticketHref(ticketId)}?created=1`);
  });

  if (created) {
    return (
      <div className="max-w-3xl space-y-4">
        <Alert tone={created.failures.length ? "warning" : "success"}>
          {t("intake.created", { reference: created.reference })}
        </Alert>
        {created.failures.length > 0 ? (
          <Card title={t("intake.photosFailed")}>
            <ul className="mb-3 space-y-1 text-sm text-red-800">
              {created.failures.map((failure, index) => (
                <li key={`${failure.name}-${index}`}>
                  {failure.name}: {message(failure.reason) ?? t("photos.uploadFailed")}
                </li>
              ))}
            </ul>
            <PhotoUploader itemId={created.itemId} stage="intake" ticketId={created.ticketId} />
          </Card>
        ) : null}
        <div className="flex flex-wrap gap-2">
          <a href={intakeReceiptHref(created.ticketId)} className={buttonClasses("secondary")}>
            {t("intake.downloadReceipt")}
          </a>
          <a href={bagTagHref(created.ticketId)} className={buttonClasses("secondary")}>
            {t("intake.downloadTag")}
          </a>
          <Link href={ticketHref(created.ticketId)} className={buttonClasses("primary")}>
            {t("intake.openTicket")}
          </Link>
        </div>
      </div>
    );
  }

  return (
    <FormProvider {...form}>
      <form onSubmit={submit} noValidate className="grid max-w-5xl gap-4 lg:grid-cols-3">
        {error ? (
          <div className="lg:col-span-3">
            <Alert tone="error">{error}</Alert>
          </div>
        ) : null}

        <div className="space-y-4 lg:col-span-2">
          <Card title={t("intake.customer")}>
            <div className="space-y-4">
              <CustomerSearch member={member} onChoose={chooseMember} unidentifiedHint={t("intake.memberHint")}>
                {null}
              </CustomerSearch>
              {errors.memberId ? <p className="text-xs text-red-700">{message(errors.memberId.message)}</p> : null}
              <Field id="storeId" label={t("intake.store")} error={message(errors.storeId?.message)}>
                <Select
                  id="storeId"
                  {...form.register("storeId", {
                    onChange: (e: { target: { value: string } }) => {
                      const next = stores.find((candidate) => candidate.id === e.target.value);
                      if (next) form.setValue("promisedOn", next.suggested);
                    },
                  })}
                >
                  {stores.map((option) => (
                    <option key={option.id} value={option.id}>
                      {option.label}
                    </option>
                  ))}
                </Select>
              </Field>
            </div>
          </Card>

          {context ? (
            <Card title={t("intake.piece")}>
              <div className="space-y-4">
                <fieldset className="flex flex-wrap gap-4 text-sm">
                  <legend className="sr-only">{t("intake.piece")}</legend>
                  <label className="flex items-center gap-2">
                    <input
                      type="radio"
                      name="itemMode"
                      checked={mode === "existing"}
                      disabled={context.items.length === 0}
                      onChange={() => switchMode("existing")}
                    />
                    {t("intake.existingPiece", { count: context.items.length })}
                  </label>
                  <label className="flex items-center gap-2">
                    <input type="radio" name="itemMode" checked={mode === "new"} onChange={() => switchMode("new")} />
                    {t("intake.newPiece")}
                  </label>
                </fieldset>

                {mode === "existing" ? (
                  <Field id="itemId" label={t("intake.chooseItem")} error={message(errors.itemId?.message)}>
                    <Select
                      id="itemId"
                      value={itemId ?? ""}
                      aria-invalid={!!errors.itemId}
                      onChange={(e) => chooseItem(e.target.value)}
                    >
                      <option value="">{t("intake.chooseItemPlaceholder")}</option>
                      {context.items.map((item) => (
                        <option key={item.id} value={item.id} disabled={item.openTickets > 0}>
                          {`${item.name} · ${t(`categories.${item.category}`)} · ${formatCg(item.weightCg, locale)}`}
                          {item.openTickets > 0 ? ` · ${t("intake.inService")}` : ""}
                        </option>
                      ))}
                    </Select>
                  </Field>
                ) : (
                  <div className="space-y-4">
                    {context.purchases.length > 0 ? (
                      <Field
                        id="newItem.purchaseLineId"
                        label={t("item.purchaseLine")}
                        hint={t("intake.purchaseLineHint")}
                        error={message(errors.newItem?.purchaseLineId?.message)}
                      >
                        <PurchaseLineSelect
                          id="newItem.purchaseLineId"
                          purchases={context.purchases}
                          value={lineId ?? ""}
                          onChange={(chosen) => {
                            form.setValue("newItem.purchaseLineId", chosen?.line.id ?? "");
                            form.setValue("linkedTransactionId", chosen?.purchase.id ?? "");
                            if (!chosen) return;
                            const prefill = prefillFromPurchaseLine(chosen.line);
                            form.setValue("newItem.name", prefill.name);
                            form.setValue("newItem.material", prefill.material);
                            if (prefill.category) form.setValue("newItem.category", prefill.category);
                          }}
                        />
                      </Field>
                    ) : null}
                    <ItemFieldsInputs prefix="newItem." />
                  </div>
                )}
              </div>
            </Card>
          ) : null}

          <Card title={t("intake.service")}>
            <div className="grid gap-4 sm:grid-cols-2">
              <Field id="serviceType" label={t("intake.serviceType")} error={message(errors.serviceType?.message)}>
                <Select id="serviceType" aria-invalid={!!errors.serviceType} {...form.register("serviceType")}>
                  <option value="">{t("intake.chooseService")}</option>
                  {SERVICE_TYPES.map((type) => (
                    <option key={type} value={type}>
                      {t(`serviceTypes.${type}`)}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                id="weightIn"
                label={t("intake.weightIn")}
                hint={t("intake.weightInHint")}
                error={message(errors.weightIn?.message)}
              >
                <Input
                  id="weightIn"
                  inputMode="decimal"
                  autoComplete="off"
                  placeholder="0.00"
                  aria-invalid={!!errors.weightIn}
                  {...form.register("weightIn")}
                />
              </Field>
              <Field id="stoneCountIn" label={t("intake.stoneCountIn")} error={message(errors.stoneCountIn?.message)}>
                <Input
                  id="stoneCountIn"
                  inputMode="numeric"
                  autoComplete="off"
                  aria-invalid={!!errors.stoneCountIn}
                  {...form.register("stoneCountIn")}
                />
              </Field>
              <Field
                id="declaredValueFen"
                label={t("intake.declaredValue")}
                hint={t("intake.declaredValueHint")}
                error={message(errors.declaredValueFen?.message)}
              >
                <Controller
                  control={form.control}
                  name="declaredValueFen"
                  render={({ field }) => (
                    <YuanInput
                      id="declaredValueFen"
                      value={field.value}
                      onChange={field.onChange}
                      onBlur={field.onBlur}
                      aria-invalid={!!errors.declaredValueFen}
                    />
                  )}
                />
              </Field>
              <div className="sm:col-span-2">
                <Field
                  id="conditionNotes"
                  label={t("intake.conditionNotes")}
                  hint={t("intake.conditionNotesHint", { max: CONDITION_NOTES_MAX })}
                  error={message(errors.conditionNotes?.message)}
                >
                  <textarea
                    id="conditionNotes"
                    rows={3}
                    maxLength={CONDITION_NOTES_MAX}
                    className={controlClasses}
                    aria-invalid={!!errors.conditionNotes}
                    {...form.register("conditionNotes")}
                  />
                </Field>
              </div>
              <Field
                id="linkedTransactionId"
                label={t("intake.linkedPurchase")}
                hint={t("intake.linkedPurchaseHint")}
                error={message(errors.linkedTransactionId?.message)}
              >
                <Select id="linkedTransactionId" {...form.register("linkedTransactionId")}>
                  <option value="">{t("intake.noLinkedPurchase")}</option>
                  {purchaseOptions.map((option) => (
                    <option key={option.id} value={option.id}>
                      {format.dateTime(option.occurredAt, { dateStyle: "medium", timeZone: option.timeZone })} ·{" "}
                      {option.label}
                      {option.totalPaidFen !== null ? ` · ${formatFen(option.totalPaidFen, locale)}` : ""}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                id="promisedOn"
                label={t("intake.promisedOn")}
                hint={t("intake.promisedOnHint")}
                error={message(errors.promisedOn?.message)}
              >
                <Input
                  id="promisedOn"
                  type="date"
                  min={store?.today}
                  max={store?.latest}
                  aria-invalid={!!errors.promisedOn}
                  {...form.register("promisedOn")}
                />
              </Field>
            </div>
          </Card>

          <Card title={t("intake.photos")}>
            <div className="space-y-3">
              <label className="inline-flex min-h-10 cursor-pointer items-center rounded-md bg-white px-4 py-2 text-sm font-medium text-stone-800 ring-1 ring-stone-300 ring-inset hover:bg-stone-50">
                {t("photos.add")}
                <input
                  type="file"
                  accept={IMAGE_ACCEPT}
                  multiple
                  className="sr-only"
                  onChange={(e) => {
                    addPhotos([...(e.target.files ?? [])]);
                    e.target.value = "";
                  }}
                />
              </label>
              <p className="text-xs text-stone-500">{t("intake.photosHint", { max: MAX_PHOTOS_PER_SET })}</p>
              {photoProblem ? <p className="text-xs text-red-700">{photoProblem}</p> : null}
              {photos.length > 0 ? (
                <ul className="divide-y divide-stone-100 text-sm">
                  {photos.map((file, index) => (
                    <li key={`${file.name}-${index}`} className="flex items-center justify-between gap-2 py-1.5">
                      <span className="min-w-0 truncate">{file.name}</span>
                      <Button
                        variant="ghost"
                        size="sm"
                        onClick={() => setPhotos(photos.filter((_, other) => other !== index))}
                      >
                        {t("photos.remove")}
                      </Button>
                    </li>
                  ))}
                </ul>
              ) : null}
            </div>
          </Card>
        </div>

        <div className="space-y-4">
          <Card title={t("intake.price")}>
            {price ? (
              <dl className="space-y-2 text-sm" data-testid="intake-price">
                <div className="flex justify-between gap-2">
                  <dt className="text-stone-500">{t("intake.priceBasis")}</dt>
                  <dd>
                    <Badge tone={price.chargeFen === 0 ? "success" : "neutral"}>{t(`priceBases.${price.basis}`)}</Badge>
                  </dd>
                </div>
                <div className="flex justify-between gap-2">
                  <dt className="text-stone-500">{t("intake.listPrice")}</dt>
                  <dd className="tabular-nums">{formatFen(price.listPriceFen, locale)}</dd>
                </div>
                <div className="flex justify-between gap-2 font-semibold">
                  <dt>{t("intake.charge")}</dt>
                  <dd className="tabular-nums">{formatFen(price.chargeFen, locale)}</dd>
                </div>
                {price.warrantyUntil ? (
                  <p className="text-xs text-stone-500">
                    {t("intake.warrantyUntil", {
                      date: format.dateTime(new Date(`${price.warrantyUntil}T00:00:00Z`), {
                        dateStyle: "medium",
                        timeZone: "UTC",
                      }),
                    })}
                  </p>
                ) : null}
                <p className="text-xs text-stone-500">{t("intake.priceNote")}</p>
              </dl>
            ) : (
              <p className="text-sm text-stone-500">{t("intake.priceNeeds")}</p>
            )}
            <div className="mt-4">
              <Field
                id="estimatedFeeFen"
                label={t("intake.estimatedFee")}
                hint={t("intake.estimatedFeeHint")}
                error={message(errors.estimatedFeeFen?.message)}
              >
                <Controller
                  control={form.control}
                  name="estimatedFeeFen"
                  render={({ field }) => (
                    <YuanInput
                      // Remounted while the fee follows the price, so that the field shows the new amount.
                      key={feeTouched ? "typed" : `price-${charge ?? "none"}`}
                      id="estimatedFeeFen"
                      value={field.value}
                      onChange={(fen) => {
                        setFeeTouched(true);
                        field.onChange(fen);
                      }}
                      onBlur={field.onBlur}
                      aria-invalid={!!errors.estimatedFeeFen}
                    />
                  )}
                />
              </Field>
            </div>
          </Card>
          <Button type="submit" className="w-full" pending={isSubmitting} disabled={!member}>
            {t("intake.submit")}
          </Button>
        </div>
      </form>
    </FormProvider>
  );
}
