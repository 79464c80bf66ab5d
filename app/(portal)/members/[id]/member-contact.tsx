"use client";

import { useTranslations } from "next-intl";
import { useRef, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { revealContactAction } from "@/lib/members/privacy/actions";
import { CONTACT_FIELDS as FIELDS, type ContactField } from "@/lib/members/privacy/schemas";
type Contact = Record<ContactField, string>;

/**
 * The member's contact details, masked by default. "Reveal" asks which fields and why, calls the
 * audited reveal action and shows the values until the page is left.
 */
export function MemberContact({
  memberId,
  contact,
  masked,
  canReveal,
}: {
  memberId: string;
  contact: Contact;
  masked: boolean;
  canReveal: boolean;
}) {
  const t = useTranslations("members");
  const tCommon = useTranslations("common");
  const tValidation = useTranslations("validation");
  const dialog = useRef<HTMLDialogElement>(null);
  const [revealed, setRevealed] = useState<Partial<Contact>>({});
  const [fields, setFields] = useState<ContactField[]>(["phone"]);
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string>();
  const [reasonError, setReasonError] = useState<string>();
  const [pending, setPending] = useState(false);

  const shown = { ...contact, ...revealed };
  const isRevealed = (field: ContactField) => revealed[field] !== undefined;

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
    setRevealed((before) => ({
      ...before,
      ...Object.fromEntries(Object.entries(result.data).map(([k, v]) => [k, v || "—"])),
    }));
    setReason("");
    dialog.current?.close();
  }

  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        {FIELDS.map((field) => (
          <div key={field} className="contents">
            <dt className="text-stone-500">{t(field)}</dt>
            <dd className="min-w-0 break-words text-stone-900" data-testid={`member-${field}`}>
              <span className={field === "phone" ? "font-mono" : undefined}>{shown[field]}</span>
              {isRevealed(field) ? <span className="ml-2 text-xs text-amber-700">{t("revealedBadge")}</span> : null}
            </dd>
          </div>
        ))}
      </dl>
      {masked && canReveal ? (
        <Button variant="secondary" size="sm" onClick={() => dialog.current?.showModal()}>
          {t("reveal")}
        </Button>
      ) : null}
      {!masked ? <p className="text-xs text-stone-500">{t("unmaskedOwnClient")}</p> : null}
      <dialog
        ref={dialog}
        aria-labelledby="reveal-title"
        className="m-auto w-full max-w-md rounded-lg p-0 shadow-xl backdrop:bg-stone-900/40"
      >
        <form
          method="dialog"
          onSubmit={(e) => {
            e.preventDefault();
            void reveal();
          }}
        >
          <div className="space-y-4 p-5">
            <h2 id="reveal-title" className="text-base font-semibold text-stone-900">
              {t("revealTitle")}
            </h2>
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
                        setFields((before) =>
                          e.target.checked ? [...before, field] : before.filter((f) => f !== field),
                        )
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
          </div>
          <div className="flex justify-end gap-2 border-t border-stone-200 bg-stone-50 px-5 py-3">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              {tCommon("cancel")}
            </Button>
            <Button type="submit" pending={pending}>
              {t("revealConfirm")}
            </Button>
          </div>
        </form>
      </dialog>
    </div>
  );
}
