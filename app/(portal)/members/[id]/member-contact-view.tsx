"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { DialogLoading, LazyDialog } from "@/components/ui/lazy-dialog";
import { lazyWithMessages } from "@/lib/i18n/lazy-with-messages";
import { CONTACT_FIELDS as FIELDS, type ContactField } from "@/lib/members/privacy/schemas";

type Contact = Record<ContactField, string>;

/** The card's words, translated by the page that renders it (so that they need no catalogue here). */
export type MemberContactLabels = Record<ContactField, string> & {
  reveal: string;
  revealTitle: string;
  revealedBadge: string;
  unmaskedOwnClient: string;
};

function Loading() {
  return <DialogLoading label={useTranslations("common")("loading")} />;
}

const RevealContactForm = lazyWithMessages(
  () => import("./reveal-contact-form").then((m) => m.RevealContactForm),
  ["members", "validation"],
  <Loading />,
);

/**
 * The member's contact details, masked by default. "Reveal" opens a dialog (its form and words load
 * then) that asks which fields and why, calls the audited reveal action and shows the values here
 * until the page is left.
 */
export function MemberContactView({
  memberId,
  contact,
  masked,
  canReveal,
  labels,
}: {
  memberId: string;
  contact: Contact;
  masked: boolean;
  canReveal: boolean;
  labels: MemberContactLabels;
}) {
  const tCommon = useTranslations("common");
  const [revealed, setRevealed] = useState<Partial<Contact>>({});
  const shown = { ...contact, ...revealed };
  return (
    <div className="space-y-3">
      <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1.5 text-sm sm:grid-cols-[auto_1fr_auto_1fr]">
        {FIELDS.map((field) => (
          <div key={field} className="contents">
            <dt className="text-stone-500">{labels[field]}</dt>
            <dd className="min-w-0 break-words text-stone-900" data-testid={`member-${field}`}>
              <span className={field === "phone" ? "font-mono" : undefined}>{shown[field]}</span>
              {revealed[field] !== undefined ? (
                <span className="ml-2 text-xs text-amber-700">{labels.revealedBadge}</span>
              ) : null}
            </dd>
          </div>
        ))}
      </dl>
      {masked && canReveal ? (
        <LazyDialog id="reveal" trigger={labels.reveal} title={labels.revealTitle} closeLabel={tCommon("close")}>
          {(close) => (
            <RevealContactForm
              memberId={memberId}
              onRevealed={(values) => {
                setRevealed((before) => ({ ...before, ...values }));
                close();
              }}
              onCancel={close}
            />
          )}
        </LazyDialog>
      ) : null}
      {!masked ? <p className="text-xs text-stone-500">{labels.unmaskedOwnClient}</p> : null}
    </div>
  );
}
