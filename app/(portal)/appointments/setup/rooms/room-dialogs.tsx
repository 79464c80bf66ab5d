"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { useForm } from "react-hook-form";
import { Field } from "@/components/form/field";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input, Select } from "@/components/ui/input";
import {
  activateRoomAction,
  createRoomAction,
  deactivateRoomAction,
  renameRoomAction,
} from "@/lib/appointments/setup/actions";
import {
  createRoomSchema,
  renameRoomSchema,
  type CreateRoomInput,
  type RenameRoomInput,
} from "@/lib/appointments/setup/schemas";
import { FormDialog, useFormDialogAction } from "../form-dialog";
import { useSetupMessage } from "../use-setup-message";

export function CreateRoomDialog({
  stores,
  defaultStoreId,
}: {
  stores: { id: string; label: string }[];
  defaultStoreId: string;
}) {
  const t = useTranslations("appointmentSetup.rooms");
  const message = useSetupMessage();
  const defaults: CreateRoomInput = { storeId: defaultStoreId, name: "", nameEn: "" };
  const form = useForm<CreateRoomInput>({
    resolver: zodResolver(createRoomSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = form.formState;
  const dialog = useFormDialogAction(form, defaults, createRoomAction);

  return (
    <FormDialog
      id="create-room"
      trigger={t("create")}
      triggerVariant="primary"
      title={t("createTitle")}
      submitLabel={t("create")}
      pending={isSubmitting}
      onClosed={dialog.onClosed}
      onSubmit={dialog.onSubmit}
    >
      {dialog.error ? <Alert tone="error">{dialog.error}</Alert> : null}
      <Field id="room-store" label={t("store")} error={message(errors.storeId?.message)}>
        <Select id="room-store" aria-invalid={!!errors.storeId} {...form.register("storeId")}>
          {stores.map((store) => (
            <option key={store.id} value={store.id}>
              {store.label}
            </option>
          ))}
        </Select>
      </Field>
      <Field id="room-name" label={t("name")} hint={t("nameHint")} error={message(errors.name?.message)}>
        <Input id="room-name" lang="zh-CN" aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <Field id="room-name-en" label={t("nameEn")} hint={t("optional")} error={message(errors.nameEn?.message)}>
        <Input id="room-name-en" lang="en" aria-invalid={!!errors.nameEn} {...form.register("nameEn")} />
      </Field>
    </FormDialog>
  );
}

export function RenameRoomDialog({ room }: { room: { id: string; name: string; nameEn: string | null } }) {
  const t = useTranslations("appointmentSetup.rooms");
  const message = useSetupMessage();
  const defaults: RenameRoomInput = { id: room.id, name: room.name, nameEn: room.nameEn ?? "" };
  const form = useForm<RenameRoomInput>({
    resolver: zodResolver(renameRoomSchema, { error: useZodErrorMap() }),
    defaultValues: defaults,
  });
  const { errors, isSubmitting } = form.formState;
  const id = `rename-${room.id}`;
  const dialog = useFormDialogAction(form, defaults, renameRoomAction);

  return (
    <FormDialog
      id={id}
      trigger={t("rename")}
      title={t("renameTitle", { name: room.name })}
      submitLabel={t("save")}
      pending={isSubmitting}
      onClosed={dialog.onClosed}
      onSubmit={dialog.onSubmit}
    >
      {dialog.error ? <Alert tone="error">{dialog.error}</Alert> : null}
      <Field id={`${id}-name`} label={t("name")} error={message(errors.name?.message)}>
        <Input id={`${id}-name`} lang="zh-CN" aria-invalid={!!errors.name} {...form.register("name")} />
      </Field>
      <Field id={`${id}-name-en`} label={t("nameEn")} hint={t("optional")} error={message(errors.nameEn?.message)}>
        <Input id={`${id}-name-en`} lang="en" aria-invalid={!!errors.nameEn} {...form.register("nameEn")} />
      </Field>
    </FormDialog>
  );
}

/** Deactivate (no longer offered; bookings keep it) or activate again, behind a confirmation. */
export function RoomStatusButton({ room }: { room: { id: string; name: string; active: boolean } }) {
  const t = useTranslations("appointmentSetup.rooms");
  const tCommon = useTranslations("common");
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string>();
  const run = (action: (input: { id: string }) => Promise<{ ok: boolean; message?: string }>) =>
    startTransition(async () => {
      setError(undefined);
      const result = await action({ id: room.id });
      if (!result.ok) return setError(result.message);
      router.refresh();
    });
  return (
    <div className="flex flex-col items-start gap-1">
      {room.active ? (
        <ConfirmDialog
          trigger={t("deactivate")}
          triggerVariant="danger"
          title={t("deactivateConfirmTitle", { name: room.name })}
          body={t("deactivateConfirmBody")}
          confirmLabel={t("deactivate")}
          cancelLabel={tCommon("cancel")}
          pending={pending}
          onConfirm={() => run(deactivateRoomAction)}
        />
      ) : (
        <ConfirmDialog
          trigger={t("activate")}
          title={t("activateConfirmTitle", { name: room.name })}
          body={t("activateConfirmBody")}
          confirmLabel={t("activate")}
          cancelLabel={tCommon("cancel")}
          confirmVariant="primary"
          pending={pending}
          onConfirm={() => run(activateRoomAction)}
        />
      )}
      {error ? (
        <p role="alert" className="text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
