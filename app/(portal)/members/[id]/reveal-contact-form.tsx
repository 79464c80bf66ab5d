"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { revealContactAction } from "@/lib/members/privacy/actions";
import { CONTACT_FIELDS as FIELDS, type ContactField } from "@/lib/members/privacy/schemas";

/**
 * Which contact fields to reveal and why, from the contact card's dialog: the audited reveal action,
 * then `onRevealed` with the values (the card shows them until the page is left) and the dialog closes.
 */
export function RevealContactForm({
  memberId,
  onRevealed,
  onCancel,
}: {
  memberId: string;
  onRevealed: (values: Partial<Record<ContactField, string>>) => void;
  onCancel: () => void;
}) {
  const t = useTranslations("members");
  const tCommon = useTranslations("common");
  const tValidation = useTranslations("validation");
  const [fields, setFields] = useState<ContactField[]>(["phone"]);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const [reasonError, setReasonError] = useState<string>();
  const [pending, setPending] = useState(false);

  async function reveal() {
    setError(undefined);
    setReasonError(undefined);
    if (reason.trim().length < 4) return setReasonError(tValidation("revealReasonTooShort"));
    if (!fields.length) return setError(t("revealPickField"));
    setPending(true);
    const result = await revealContactAction({ memberId, fields, reason: reason.trim() });
    setPending(false);
    if (!result.ok) {
      const fieldMessage = result.fieldErrors?.reason?.[0];
      if (fieldMessage) setReasonError(tValidation.has(fieldMessage) ? tValidation(fieldMessage) : fieldMessage);
      else setError(result.message);
      return;
    }
    onRevealed(Object.fromEntries(Object.entries(result.data).map(([k, v]) => [k, v || "—"])));
  }

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void reveal();
      }}
    >
      <div className="space-y-4">
        <p className="text-sm text-stone-600">{t("revealBody")}</p>
        {error ? <Alert tone="error">{error}</Alert> : null}
        <fieldset>
          <legend className="mb-1 text-sm font-medium text-stone-800">{t("revealFields")}</legend>
          <div className="grid grid-cols-2 gap-2">
            {FIELDS.map((field) => (
              <label key={field} className="flex items-center gap-2 text-sm">
                <input
                  type="checkbox"
                  className="size-4 accent-amber-700"
                  checked={fields.includes(field)}
                  onChange={(e) =>
                    setFields((before) => (e.target.checked ? [...before, field] : before.filter((f) => f !== field)))
                  }
                />
                {t(field)}
              </label>
            ))}
          </div>
        </fieldset>
        <div className="space-y-1">
          <label htmlFor="reveal-reason" className="block text-sm font-medium text-stone-800">
            {t("revealReason")}
          </label>
          <Input
            id="reveal-reason"
            value={reason}
            maxLength={200}
            placeholder={t("revealReasonPlaceholder")}
            aria-invalid={!!reasonError}
            onChange={(e) => setReason(e.target.value)}
          />
          {reasonError ? (
            <p id="reveal-reason-error" className="text-xs text-red-700">
              {reasonError}
            </p>
          ) : null}
        </div>
        <div className="flex justify-end gap-2">
          <Button variant="secondary" onClick={onCancel}>
            {tCommon("cancel")}
          </Button>
          <Button type="submit" pending={pending}>
            {t("revealConfirm")}
          </Button>
        </div>
      </div>
    </form>
  );
}
