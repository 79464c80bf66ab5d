"use client";

import { useTranslations } from "next-intl";
import { CONTACT_FIELDS, type ContactField } from "@/lib/members/privacy/schemas";
import { MemberContactView } from "./member-contact-view";

/**
 * The member's contact details, masked, with the audited reveal (member-contact-view.tsx), for a
 * page whose area sends the "members" namespace (the visit preparation sheet). The 360° view renders
 * MemberContactView with labels it translates itself, so that the namespace does not travel with it.
 */
export function MemberContact({
  memberId,
  contact,
  masked,
  canReveal,
}: {
  memberId: string;
  contact: Record<ContactField, string>;
  masked: boolean;
  canReveal: boolean;
}) {
  const t = useTranslations("members");
  return (
    <MemberContactView
      memberId={memberId}
      contact={contact}
      masked={masked}
      canReveal={canReveal}
      labels={{
        ...(Object.fromEntries(CONTACT_FIELDS.map((field) => [field, t(field)])) as Record<ContactField, string>),
        reveal: t("reveal"),
        revealTitle: t("revealTitle"),
        revealedBadge: t("revealedBadge"),
        unmaskedOwnClient: t("unmaskedOwnClient"),
      }}
    />
  );
}
