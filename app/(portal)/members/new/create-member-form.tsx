"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Controller, useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClasses } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Input, Select } from "@/components/ui/input";
import { registerMemberAction } from "@/lib/members/actions";
import {
  createMemberSchema,
  FORM_REGISTRATION_CHANNELS,
  GENDERS,
  type CreateMemberInput,
  type CreateMemberValues,
} from "@/lib/members/schemas";
import type { CreateMemberResult } from "@/lib/members/service";
import { AdvisorSelect, ConsentsFieldset, TagsInput, type AdvisorOption } from "../member-fields";

type Props = {
  stores: { id: string; code: string; name: string }[];
  advisors: AdvisorOption[];
  /** Without members.assign_advisor the field is not offered (the server refuses it anyway). */
  canAssignAdvisor: boolean;
};

export function CreateMemberForm({ stores, advisors, canAssignAdvisor }: Props) {
  const t = useTranslations("members");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const [existingId, setExistingId] = useState<string>();
  const [duplicates, setDuplicates] =
    useState<Extract<CreateMemberResult, { kind: "warning" }>["warnings"][number]["members"]>();
  const form = useForm<CreateMemberInput, unknown, CreateMemberValues>({
    resolver: zodResolver(createMemberSchema, { error: useZodErrorMap() }),
    defaultValues: {
      name: "",
      gender: "unknown",
      birthday: "",
      phone: "",
      email: "",
      address: "",
      homeStoreId: stores[0]?.id ?? "",
      registrationChannel: "counter",
      advisorId: "",
      privacyPolicyVersion: "",
      consents: { sms: false, wechat: false, email: false },
      tags: [],
      confirmDuplicates: false,
    },
  });
  const { errors, isSubmitting } = form.formState;
  const homeStoreId = form.watch("homeStoreId");

  const submit = (confirmDuplicates: boolean) =>
    form.handleSubmit(async (values) => {
      setError(undefined);
      setExistingId(undefined);
      const result = await registerMemberAction({ ...values, confirmDuplicates });
      if (!result.ok) return setError(applyServerErrors(result, form.setError));
      const outcome = result.data;
      if (outcome.kind === "created") {
        router.push(`/members/${outcome.memberId}?created=1`);
        return;
      }
      if (outcome.kind === "existing") {
        setDuplicates(undefined);
        setExistingId(outcome.existingMemberId);
        return;
      }
      setDuplicates(outcome.warnings.flatMap((w) => w.members));
    });

  // A changed phone, name or birthday makes an earlier notice stale.
  const clearNotices = () => {
    setExistingId(undefined);
    setDuplicates(undefined);
  };

  return (
    <form
      onSubmit={submit(false)}
      noValidate
      className="space-y-5"
      onChange={(e) =>
        ["phone", "name", "birthday"].includes((e.target as unknown as HTMLInputElement).name) && clearNotices()
      }
    >
      {error ? <Alert tone="error">{error}</Alert> : null}
      {existingId ? (
        <div data-testid="existing-member">
          <Alert tone="warning">
            {t("phoneExists")}{" "}
            <Link href={`/members/${existingId}`} className="font-medium underline">
              {t("openExisting")}
            </Link>
          </Alert>
        </div>
      ) : null}
      {duplicates ? (
        <div
          data-testid="duplicate-warning"
          className="space-y-2 rounded-md bg-amber-50 p-3 text-sm text-amber-900 ring-1 ring-amber-200 ring-inset"
          role="status"
        >
          <p className="font-medium">{t("sameNameBirthdayWarning")}</p>
          <ul className="list-inside list-disc">
            {duplicates.map((m) => (
              <li key={m.id}>
                <Link href={`/members/${m.id}`} className="underline">
                  {m.name} · <span className="font-mono">{m.phone}</span>
                </Link>
              </li>
            ))}
          </ul>
          <Button variant="secondary" size="sm" pending={isSubmitting} onClick={submit(true)}>
            {t("createAnyway")}
          </Button>
        </div>
      ) : null}

      <Card title={t("identity")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="name" label={t("name")} error={errors.name?.message}>
            <Input id="name" autoComplete="off" aria-invalid={!!errors.name} {...form.register("name")} />
          </Field>
          <Field id="phone" label={t("phone")} hint={t("phoneHint")} error={errors.phone?.message}>
            <Input
              id="phone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              aria-invalid={!!errors.phone}
              {...form.register("phone")}
            />
          </Field>
          <Field id="gender" label={t("gender")} error={errors.gender?.message}>
            <Select id="gender" {...form.register("gender")}>
              {GENDERS.map((g) => (
                <option key={g} value={g}>
                  {t(`genders.${g}`)}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="birthday" label={t("birthday")} error={errors.birthday?.message}>
            <Input id="birthday" type="date" aria-invalid={!!errors.birthday} {...form.register("birthday")} />
          </Field>
          <Field id="email" label={t("email")} error={errors.email?.message}>
            <Input
              id="email"
              type="email"
              autoComplete="off"
              aria-invalid={!!errors.email}
              {...form.register("email")}
            />
          </Field>
          <Field id="address" label={t("address")} error={errors.address?.message}>
            <Input id="address" autoComplete="off" aria-invalid={!!errors.address} {...form.register("address")} />
          </Field>
        </div>
      </Card>

      <Card title={t("membership")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="homeStoreId" label={t("homeStore")} error={errors.homeStoreId?.message}>
            <Select id="homeStoreId" aria-invalid={!!errors.homeStoreId} {...form.register("homeStoreId")}>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} {s.name}
                </option>
              ))}
            </Select>
          </Field>
          <Field id="registrationChannel" label={t("registrationChannel")} error={errors.registrationChannel?.message}>
            <Select id="registrationChannel" {...form.register("registrationChannel")}>
              {FORM_REGISTRATION_CHANNELS.map((c) => (
                <option key={c} value={c}>
                  {t(`channels.${c}`)}
                </option>
              ))}
            </Select>
          </Field>
          {canAssignAdvisor ? (
            <Field id="advisorId" label={t("advisor")} error={errors.advisorId?.message}>
              <AdvisorSelect
                id="advisorId"
                advisors={advisors}
                storeId={homeStoreId}
                invalid={!!errors.advisorId}
                {...form.register("advisorId")}
              />
            </Field>
          ) : (
            <Field
              id="advisorId"
              label={t("advisor")}
              hint={t("advisorAssignedByManager")}
              error={errors.advisorId?.message}
            >
              <Input id="advisorId" value={t("noAdvisor")} readOnly disabled />
            </Field>
          )}
          <Field
            id="privacyPolicyVersion"
            label={t("privacyPolicyVersion")}
            hint={t("privacyPolicyHint")}
            error={errors.privacyPolicyVersion?.message}
          >
            <Input id="privacyPolicyVersion" autoComplete="off" {...form.register("privacyPolicyVersion")} />
          </Field>
          <div className="sm:col-span-2">
            <Field
              id="tags"
              label={t("tags")}
              hint={t("tagsHint")}
              error={errors.tags?.message ?? errors.tags?.[0]?.message}
            >
              <Controller
                control={form.control}
                name="tags"
                render={({ field }) => (
                  <TagsInput id="tags" value={field.value ?? []} onChange={field.onChange} invalid={!!errors.tags} />
                )}
              />
            </Field>
          </div>
        </div>
      </Card>

      <Card title={t("consents")}>
        <Controller
          control={form.control}
          name="consents"
          render={({ field }) => <ConsentsFieldset value={field.value} onChange={field.onChange} />}
        />
      </Card>

      <div className="flex gap-2">
        <Button type="submit" pending={isSubmitting}>
          {t("create")}
        </Button>
        <Link href="/members" className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}
