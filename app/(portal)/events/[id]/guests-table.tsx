"use client";

import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { useFormatter, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState, useTransition } from "react";
import { DataTable } from "@/components/data-table/data-table";
import { FilterBar } from "@/components/data-table/filter-bar";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { recordRsvpAction } from "@/lib/events/actions";
import type { GuestListParams, GuestRow } from "@/lib/events/queries";
import { RSVP_STATUSES } from "@/lib/events/schemas";
import { RsvpStatusBadge } from "../event-badges";
import { useEventFailureMessage } from "../event-messages";

/**
 * The guest list: masked names, answers, seats and arrivals; staff at the desk record a member's
 * answer with the buttons (accept is taken while the event is open, decline until it starts).
 */
export function GuestsTable({
  eventId,
  rows,
  total,
  params,
  timeZone,
  canAnswer,
  acceptOpen,
}: {
  eventId: string;
  rows: GuestRow[];
  total: number;
  params: GuestListParams;
  timeZone: string;
  canAnswer: boolean;
  acceptOpen: boolean;
}) {
  const t = useTranslations("events");
  const format = useFormatter();
  const router = useRouter();
  const failureMessage = useEventFailureMessage();
  const [pending, startTransition] = useTransition();
  const [busy, setBusy] = useState<string>();
  const [message, setMessage] = useState<{ tone: "error" | "success"; text: string }>();

  const columns = useMemo<ColumnDef<GuestRow, unknown>[]>(() => {
    const answer = (guest: GuestRow, value: "accept" | "decline") =>
      startTransition(async () => {
        setBusy(guest.memberId);
        setMessage(undefined);
        const result = await recordRsvpAction({ eventId, memberId: guest.memberId, answer: value });
        setBusy(undefined);
        if (!result.ok) return setMessage({ tone: "error", text: failureMessage(result) });
        const { status, seat, promoted } = result.data;
        setMessage({
          tone: "success",
          text: t("guests.answered", {
            name: guest.name,
            status: t(`rsvpStatuses.${status}`),
            seat: seat ?? 0,
            promoted,
          }),
        });
        router.refresh();
      });
    const at = (value: Date) => format.dateTime(value, { dateStyle: "short", timeStyle: "short", timeZone });

    const list: ColumnDef<GuestRow, unknown>[] = [
      {
        id: "member",
        header: t("guests.member"),
        cell: ({ row }) => (
          <div>
            <Link href={`/members/${row.original.memberId}`} className="font-medium text-amber-800 hover:underline">
              {row.original.name}
            </Link>
            <p className="text-xs text-stone-500">
              {row.original.phoneLast4 ? t("guests.phoneEnding", { last4: row.original.phoneLast4 }) : "—"}
            </p>
          </div>
        ),
      },
      {
        id: "tier",
        header: t("guests.tier"),
        cell: ({ row }) => (t.has(`tiers.${row.original.tier}`) ? t(`tiers.${row.original.tier}`) : row.original.tier),
      },
      { id: "status", header: t("status"), cell: ({ row }) => <RsvpStatusBadge status={row.original.status} /> },
      {
        id: "seat",
        header: t("guests.seat"),
        cell: ({ row }) => <span className="tabular-nums">{row.original.seat ?? "—"}</span>,
      },
      {
        id: "respondedAt",
        header: t("guests.respondedAt"),
        cell: ({ row }) => (row.original.respondedAt ? at(row.original.respondedAt) : "—"),
      },
      {
        id: "checkedInAt",
        header: t("checkedIn"),
        cell: ({ row }) =>
          row.original.checkedInAt ? (
            <span>
              {at(row.original.checkedInAt)}
              {row.original.checkedInByName ? (
                <span className="block text-xs text-stone-500">{row.original.checkedInByName}</span>
              ) : null}
            </span>
          ) : (
            "—"
          ),
      },
    ];
    if (canAnswer) {
      list.push({
        id: "answer",
        header: t("guests.answer"),
        cell: ({ row }) => {
          const guest = row.original;
          const rowPending = pending && busy === guest.memberId;
          return (
            <div className="flex gap-1.5">
              {acceptOpen && guest.status !== "accepted" && guest.status !== "waitlisted" ? (
                <Button size="sm" pending={rowPending} disabled={pending} onClick={() => answer(guest, "accept")}>
                  {t("guests.accept")}
                </Button>
              ) : null}
              {guest.status !== "declined" && !guest.checkedInAt ? (
                <Button
                  size="sm"
                  variant="secondary"
                  pending={rowPending}
                  disabled={pending}
                  onClick={() => answer(guest, "decline")}
                >
                  {t("guests.decline")}
                </Button>
              ) : null}
            </div>
          );
        },
      });
    }
    return list;
  }, [t, format, timeZone, canAnswer, acceptOpen, pending, busy, eventId, failureMessage, router]);

  const filtered = Boolean(params.q || params.status || params.checkedIn);

  return (
    <div className="space-y-3">
      {message ? <Alert tone={message.tone}>{message.text}</Alert> : null}
      <DataTable
        columns={columns}
        data={rows}
        total={total}
        params={params}
        getRowId={(row) => row.memberId}
        empty={
          filtered
            ? { title: t("guests.emptyFilteredTitle"), body: t("emptyFilteredBody") }
            : { title: t("guests.emptyTitle"), body: t("guests.emptyBody") }
        }
        toolbar={
          <FilterBar
            filters={[
              { type: "search", name: "q", label: t("search"), placeholder: t("guests.searchPlaceholder") },
              {
                type: "select",
                name: "status",
                label: t("status"),
                options: RSVP_STATUSES.map((status) => ({ value: status, label: t(`rsvpStatuses.${status}`) })),
              },
              {
                type: "select",
                name: "checkedIn",
                label: t("checkedIn"),
                options: [
                  { value: "yes", label: t("guests.arrived") },
                  { value: "no", label: t("guests.notArrived") },
                ],
              },
            ]}
          />
        }
      />
    </div>
  );
}
