"use client";

import { useTranslations } from "next-intl";
import { DialogLoading, LazyDialog } from "@/components/ui/lazy-dialog";
import { lazyWithMessages } from "@/lib/i18n/lazy-with-messages";

// The 360° view's occasional forms, each in a dialog whose form loads when the dialog opens, with
// its code, the message namespaces only it reads and the data only it needs: the page renders none
// of them and sends none of that.

function Loading() {
  const t = useTranslations("common");
  return <DialogLoading label={t("loading")} />;
}

const RedeemDialogBody = lazyWithMessages(
  () => import("./redeem-form").then((m) => m.RedeemDialogBody),
  ["redeemForm"],
  <Loading />,
);
const AdjustDialogBody = lazyWithMessages(
  () => import("./points-adjust-form").then((m) => m.AdjustDialogBody),
  ["pointsAdjustForm"],
  <Loading />,
);
const StatementForm = lazyWithMessages(
  () => import("./statement-form").then((m) => m.StatementForm),
  ["memberStatement", "errors"],
  <Loading />,
);
const IssueCardForm = lazyWithMessages(
  () => import("./issue-card-form").then((m) => m.IssueCardForm),
  ["memberCards"],
  <Loading />,
);
// These read the members namespace, which the page already has.
const AddNoteForm = lazyWithMessages(() => import("./add-note-form").then((m) => m.AddNoteForm), [], <Loading />);
const AddDateForm = lazyWithMessages(() => import("./add-date-form").then((m) => m.AddDateForm), [], <Loading />);
const AddWishForm = lazyWithMessages(() => import("./add-wish-form").then((m) => m.AddWishForm), [], <Loading />);

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
