"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { DialogLoading, LazyDialog } from "@/components/ui/lazy-dialog";
import { lazyWithMessages } from "@/lib/i18n/lazy-with-messages";
import type { ClientelingProfile } from "@/lib/members/clienteling/schemas";

// The 360° view's occasional forms, each in a dialog whose form loads when the dialog opens, with
// its code, the message namespaces only it reads and the data only it needs: the page renders none
// of them and sends none of that.

function Loading() {
  const t = useTranslations("common");
  return <DialogLoading label={t("loading")} />;
}

const RedeemDialogBody = lazyWithMessages(
  () => import("./redeem-form").then((m) => m.RedeemDialogBody),
  ["redeemForm", "validation"],
  <Loading />,
);
const AdjustDialogBody = lazyWithMessages(
  () => import("./points-adjust-form").then((m) => m.AdjustDialogBody),
  ["pointsAdjustForm", "validation"],
  <Loading />,
);
const StatementForm = lazyWithMessages(
  () => import("./statement-form").then((m) => m.StatementForm),
  ["memberStatement", "errors", "validation"],
  <Loading />,
);
const IssueCardForm = lazyWithMessages(
  () => import("./issue-card-form").then((m) => m.IssueCardForm),
  ["memberCards", "validation"],
  <Loading />,
);
const AddNoteForm = lazyWithMessages(
  () => import("./add-note-form").then((m) => m.AddNoteForm),
  ["members", "validation"],
  <Loading />,
);
const AddDateForm = lazyWithMessages(
  () => import("./add-date-form").then((m) => m.AddDateForm),
  ["members", "validation"],
  <Loading />,
);
const AddWishForm = lazyWithMessages(
  () => import("./add-wish-form").then((m) => m.AddWishForm),
  ["members", "validation"],
  <Loading />,
);
const PreferencesForm = lazyWithMessages(
  () => import("./preferences-form").then((m) => m.PreferencesForm),
  ["members", "validation"],
  <Loading />,
);
const LogContactForm = lazyWithMessages(
  () => import("./log-contact-form").then((m) => m.LogContactForm),
  ["clienteling", "validation"],
  <Loading />,
);

/** What every launcher gets from the page: the member, and its button's and dialog's words (server-translated). */
type Launcher = { memberId: string; trigger: string; title: string };

function useCloseLabel() {
  return useTranslations("common")("close");
}

export function RedeemDialog({ memberId, trigger, title, balance }: Launcher & { balance: number }) {
  return (
    <LazyDialog id="redeem" trigger={trigger} title={title} closeLabel={useCloseLabel()} width="lg">
      {() => <RedeemDialogBody memberId={memberId} balance={balance} />}
    </LazyDialog>
  );
}

export function AdjustDialog({ memberId, trigger, title, balance }: Launcher & { balance: number }) {
  return (
    <LazyDialog id="points-adjust" trigger={trigger} title={title} closeLabel={useCloseLabel()} width="lg">
      {() => <AdjustDialogBody memberId={memberId} balance={balance} />}
    </LazyDialog>
  );
}

export function StatementDialog({ memberId, trigger, title, timeZone }: Launcher & { timeZone: string }) {
  return (
    <LazyDialog id="statement" trigger={trigger} title={title} closeLabel={useCloseLabel()}>
      {() => <StatementForm memberId={memberId} timeZone={timeZone} />}
    </LazyDialog>
  );
}

export function IssueCardDialog({ memberId, trigger, title }: Launcher) {
  return (
    <LazyDialog id="issue-card" trigger={trigger} title={title} closeLabel={useCloseLabel()}>
      {() => <IssueCardForm memberId={memberId} />}
    </LazyDialog>
  );
}

export function AddNoteDialog({ memberId, trigger, title }: Launcher) {
  return (
    <LazyDialog id="add-note" trigger={trigger} title={title} closeLabel={useCloseLabel()}>
      {(close) => <AddNoteForm memberId={memberId} onDone={close} />}
    </LazyDialog>
  );
}

export function AddDateDialog({ memberId, trigger, title }: Launcher) {
  return (
    <LazyDialog id="add-date" trigger={trigger} title={title} closeLabel={useCloseLabel()}>
      {(close) => <AddDateForm memberId={memberId} onDone={close} />}
    </LazyDialog>
  );
}

export function AddWishDialog({ memberId, trigger, title }: Launcher) {
  return (
    <LazyDialog id="add-wish" trigger={trigger} title={title} closeLabel={useCloseLabel()} width="lg">
      {(close) => <AddWishForm memberId={memberId} onDone={close} />}
    </LazyDialog>
  );
}

export function PreferencesDialog({ memberId, trigger, title, profile }: Launcher & { profile: ClientelingProfile }) {
  return (
    <LazyDialog id="preferences" trigger={trigger} title={title} closeLabel={useCloseLabel()} width="lg">
      {(close) => <PreferencesForm memberId={memberId} profile={profile} onDone={close} />}
    </LazyDialog>
  );
}

/**
 * The contact log's "Log contact" (a dormant or lost client's form also asks the reason they gave);
 * once a contact is logged its notice shows beside the button.
 */
export function LogContactDialog({ memberId, trigger, title, lifecycleStage }: Launcher & { lifecycleStage: string }) {
  const [notice, setNotice] = useState<string>();
  return (
    <div className="flex items-center gap-2">
      {notice ? (
        <span role="status" className="text-xs text-emerald-700">
          {notice}
        </span>
      ) : null}
      <LazyDialog
        id="log-contact"
        trigger={trigger}
        triggerVariant="primary"
        title={title}
        closeLabel={useCloseLabel()}
        width="lg"
      >
        {(close) => (
          <LogContactForm
            memberId={memberId}
            lifecycleStage={lifecycleStage}
            onDone={(message) => {
              setNotice(message);
              close();
            }}
          />
        )}
      </LazyDialog>
    </div>
  );
}
