"use client";

import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { DialogLoading, LazyDialog } from "@/components/ui/lazy-dialog";

// The 360° view's occasional forms, each in a dialog whose form (and its code, and the data only it
// needs) loads when the dialog opens: the page itself renders none of them.

function Loading() {
  const t = useTranslations("common");
  return <DialogLoading label={t("loading")} />;
}

const RedeemDialogBody = dynamic(() => import("./redeem-form").then((m) => m.RedeemDialogBody), {
  ssr: false,
  loading: Loading,
});
const AdjustDialogBody = dynamic(() => import("./points-adjust-form").then((m) => m.AdjustDialogBody), {
  ssr: false,
  loading: Loading,
});
const StatementForm = dynamic(() => import("./statement-form").then((m) => m.StatementForm), {
  ssr: false,
  loading: Loading,
});
const IssueCardForm = dynamic(() => import("./issue-card-form").then((m) => m.IssueCardForm), {
  ssr: false,
  loading: Loading,
});
const AddNoteForm = dynamic(() => import("./add-note-form").then((m) => m.AddNoteForm), {
  ssr: false,
  loading: Loading,
});
const AddDateForm = dynamic(() => import("./add-date-form").then((m) => m.AddDateForm), {
  ssr: false,
  loading: Loading,
});
const AddWishForm = dynamic(() => import("./add-wish-form").then((m) => m.AddWishForm), {
  ssr: false,
  loading: Loading,
});

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
