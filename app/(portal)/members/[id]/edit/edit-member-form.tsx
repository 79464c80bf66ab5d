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
import { editMemberAction } from "@/lib/members/actions";
import type { getMemberForEdit } from "@/lib/members/queries";
import { GENDERS, updateMemberSchema, type UpdateMemberInput, type UpdateMemberValues } from "@/lib/members/schemas";
import { AdvisorSelect, ConsentsFieldset, TagsInput, type AdvisorOption } from "../../member-fields";

type EditableMember = NonNullable<Awaited<ReturnType<typeof getMemberForEdit>>>;
const CONTACT_FIELDS = ["name", "phone", "email", "address"] as const;

/**
 * Identity, consents and tags. Contact fields start blank when the reader sees them masked; only
 * the contact fields the staff member actually changed are sent, so a blank one is kept as it is.
 */
export function EditMemberForm({
  member,
  stores,
  advisors,
  canAssignAdvisor,
}: {
  member: EditableMember;
  stores: { id: string; code: string; name: string }[];
  advisors: AdvisorOption[];
  /** Without members.assign_advisor the advisor is shown, not offered (the server refuses a change anyway). */
  canAssignAdvisor: boolean;
}) {
  const t = useTranslations("members");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const contact = member.contact ?? { name: "", phone: "", email: "", address: "" };
  const form = useForm<UpdateMemberInput, unknown, UpdateMemberValues>({
    resolver: zodResolver(updateMemberSchema, { error: useZodErrorMap() }),
    defaultValues: {
      id: member.id,
      ...contact,
      gender: member.gender,
      birthday: member.birthday ?? "",
      homeStoreId: member.homeStoreId,
      advisorId: member.advisorId ?? "",
      privacyPolicyVersion: member.privacyPolicyVersion ?? "",
      consents: member.consents,
      tags: member.tags,
    },
  });
  // Reading dirtyFields here subscribes the form to it (react-hook-form tracks only what is read).
  const { errors, isSubmitting, dirtyFields } = form.formState;
  const homeStoreId = form.watch("homeStoreId");

  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    // Only the contact fields the staff member changed are sent; the others are kept as they are.
    const payload: UpdateMemberInput = { ...values };
    for (const field of CONTACT_FIELDS) if (!dirtyFields[field]) delete payload[field];
    // Sent back as it is: an unchanged advisor is no assignment.
    if (!canAssignAdvisor) payload.advisorId = member.advisorId ?? "";
    const result = await editMemberAction(payload);
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    router.push(`/members/${member.id}?saved=1`);
    router.refresh();
  });

  const currentAdvisor = member.advisorId
    ? (advisors.find((a) => a.id === member.advisorId)?.displayName ?? "—")
    : t("noAdvisor");
  const placeholder = (field: (typeof CONTACT_FIELDS)[number]) => (member.contact ? undefined : member.masked[field]);

  return (
    <form onSubmit={onSubmit} noValidate className="space-y-5">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <Card title={t("identity")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field
            id="name"
            label={t("name")}
            hint={member.contact ? undefined : t("maskedFieldHint")}
            error={errors.name?.message}
          >
            <Input
              id="name"
              autoComplete="off"
              placeholder={placeholder("name")}
              aria-invalid={!!errors.name}
              {...form.register("name")}
            />
          </Field>
          <Field
            id="phone"
            label={t("phone")}
            hint={member.contact ? t("phoneHint") : t("maskedFieldHint")}
            error={errors.phone?.message}
          >
            <Input
              id="phone"
              type="tel"
              inputMode="tel"
              autoComplete="off"
              placeholder={placeholder("phone")}
              aria-invalid={!!errors.phone}
              {...form.register("phone")}
            />
          </Field>
          <Field id="gender" label={t("gender")}>
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
          <Field
            id="email"
            label={t("email")}
            hint={member.contact ? undefined : t("maskedFieldHint")}
            error={errors.email?.message}
          >
            <Input
              id="email"
              type="email"
              autoComplete="off"
              placeholder={placeholder("email")}
              aria-invalid={!!errors.email}
              {...form.register("email")}
            />
          </Field>
          <Field
            id="address"
            label={t("address")}
            hint={member.contact ? undefined : t("maskedFieldHint")}
            error={errors.address?.message}
          >
            <Input
              id="address"
              autoComplete="off"
              placeholder={placeholder("address")}
              aria-invalid={!!errors.address}
              {...form.register("address")}
            />
          </Field>
        </div>
      </Card>
      <Card title={t("membership")}>
        <div className="grid gap-4 sm:grid-cols-2">
          <Field id="homeStoreId" label={t("homeStore")} error={errors.homeStoreId?.message}>
            <Select id="homeStoreId" {...form.register("homeStoreId")}>
              {stores.map((s) => (
                <option key={s.id} value={s.id}>
                  {s.code} {s.name}
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
              <Input id="advisorId" value={currentAdvisor} readOnly disabled />
            </Field>
          )}
          <Field
            id="privacyPolicyVersion"
            label={t("privacyPolicyVersion")}
            error={errors.privacyPolicyVersion?.message}
          >
            <Input id="privacyPolicyVersion" {...form.register("privacyPolicyVersion")} />
          </Field>
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
          {tCommon("save")}
        </Button>
        <Link href={`/members/${member.id}`} className={buttonClasses("secondary")}>
          {tCommon("cancel")}
        </Link>
      </div>
    </form>
  );
}
