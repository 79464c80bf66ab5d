"use client";

import { useTranslations } from "next-intl";
import { DialogLoading, LazyDialog } from "@/components/ui/lazy-dialog";
import { lazyWithMessages } from "@/lib/i18n/lazy-with-messages";

// Apart from member-dialogs.tsx: the tier panel is also on the visit preparation page.

function Loading() {
  const t = useTranslations("common");
  return <DialogLoading label={t("loading")} />;
}

const GrantTierForm = lazyWithMessages(
  () => import("./grant-tier-form").then((m) => m.GrantTierForm),
  ["loyaltyTiers", "validation"],
  <Loading />,
);

/** The tier panel's grant, in a dialog whose form and words load when it opens. */
export function GrantTierDialog({
  memberId,
  currentTier,
  trigger,
  title,
}: {
  memberId: string;
  currentTier: string;
  trigger: string;
  title: string;
}) {
  const t = useTranslations("common");
  return (
    <LazyDialog id="grant-tier" trigger={trigger} title={title} closeLabel={t("close")}>
      {() => <GrantTierForm memberId={memberId} currentTier={currentTier} />}
    </LazyDialog>
  );
}
