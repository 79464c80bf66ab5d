"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { useForm } from "react-hook-form";
import { applyServerErrors } from "@/components/form/use-server-errors";
import { useZodErrorMap } from "@/components/form/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { logContactAction } from "@/lib/clienteling/contacts/actions";
import { logContactSchema, type LogContactInput } from "@/lib/clienteling/contacts/schemas";
import { ContactFields, contactValuesToSend } from "../../tasks/contact-fields";

/**
 * A contact with the member (call, message, visit), from the contact log's dialog. `onDone` gets the
 * notice to show and closes the dialog; the refreshed log then lists the contact first.
 */
export function LogContactForm({
  memberId,
  lifecycleStage,
  onDone,
}: {
  memberId: string;
  /** For a dormant or lost client the form asks the reason they gave. */
  lifecycleStage: string;
  onDone: (notice: string) => void;
}) {
  const t = useTranslations("clienteling");
  const router = useRouter();
  const [error, setError] = useState<string>();
  const form = useForm<LogContactInput>({
    resolver: zodResolver(logContactSchema, { error: useZodErrorMap() }),
    defaultValues: {
      memberId,
      channel: "" as LogContactInput["channel"],
      outcome: "" as LogContactInput["outcome"],
      note: "",
      lostReason: "",
    },
  });
  const onSubmit = form.handleSubmit(async (values) => {
    setError(undefined);
    const result = await logContactAction(contactValuesToSend(values, lifecycleStage));
    if (!result.ok) return setError(applyServerErrors(result, form.setError));
    onDone(t("contactLog.loggedNotice"));
    router.refresh();
  });
  return (
    <form onSubmit={onSubmit} noValidate className="space-y-3">
      {error ? <Alert tone="error">{error}</Alert> : null}
      <ContactFields form={form} idPrefix="log-contact" lifecycleStage={lifecycleStage} />
      <Button type="submit" pending={form.formState.isSubmitting}>
        {t("contactLog.logSubmit")}
      </Button>
    </form>
  );
}
