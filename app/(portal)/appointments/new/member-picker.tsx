"use client";

import { useTranslations } from "next-intl";
import { useState, useTransition } from "react";
import { Field } from "@/components/form/field";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { findBookingMembersAction } from "@/lib/appointments/booking/actions";
import type { BookingMember } from "@/lib/appointments/booking/queries";

/** Finds the member to book for by name, phone, last 4 digits or card number (the member list's search). */
export function MemberPicker({
  member,
  onChange,
  error,
}: {
  member: BookingMember | null;
  onChange: (member: BookingMember | null) => void;
  error?: string;
}) {
  const t = useTranslations("appointments");
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<BookingMember[] | null>(null);
  const [searchError, setSearchError] = useState<string>();
  const [searching, startSearch] = useTransition();

  const search = () =>
    startSearch(async () => {
      setSearchError(undefined);
      if (!query.trim()) {
        setMatches(null);
        return setSearchError(t("memberSearchEmpty"));
      }
      const result = await findBookingMembersAction({ q: query });
      if (!result.ok) {
        setMatches(null);
        return setSearchError(result.message);
      }
      setMatches(result.data);
    });

  if (member) {
    return (
      <div
        className="flex flex-wrap items-center justify-between gap-3 rounded-md bg-stone-50 px-3 py-2 ring-1 ring-stone-200"
        data-testid="booking-member"
      >
        <span className="text-sm">
          <span className="font-medium">{member.name}</span> <span className="text-stone-500">{member.phone}</span>{" "}
          <span className="text-stone-500">· {t(`tiers.${member.tier}`)}</span>
        </span>
        <Button
          variant="secondary"
          onClick={() => {
            setMatches(null);
            onChange(null);
          }}
        >
          {t("changeMember")}
        </Button>
      </div>
    );
  }

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-56 flex-1">
          <Field id="member-search" label={t("memberSearchLabel")} error={searchError ?? error}>
            <Input
              id="member-search"
              type="search"
              autoComplete="off"
              value={query}
              placeholder={t("memberSearchPlaceholder")}
              aria-invalid={!!(searchError ?? error)}
              onChange={(e) => setQuery(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === "Enter") {
                  e.preventDefault();
                  search();
                }
              }}
            />
          </Field>
        </div>
        <Button variant="secondary" onClick={search} pending={searching}>
          {t("memberSearch")}
        </Button>
      </div>
      {matches !== null ? (
        matches.length === 0 ? (
          <p className="text-sm text-stone-500">{t("memberSearchNone")}</p>
        ) : (
          <ul className="divide-y divide-stone-100 rounded-md ring-1 ring-stone-200" aria-label={t("memberMatches")}>
            {matches.map((m) => (
              <li key={m.id} className="flex items-center justify-between gap-3 px-3 py-2 text-sm">
                <span>
                  <span className="font-medium">{m.name}</span> <span className="text-stone-500">{m.phone}</span>{" "}
                  <span className="text-stone-500">
                    · {t(`tiers.${m.tier}`)}
                    {m.storeName ? ` · ${m.storeName}` : ""}
                  </span>
                </span>
                <Button
                  variant="secondary"
                  onClick={() => onChange(m)}
                  aria-label={t("chooseMemberNamed", { name: m.name })}
                >
                  {t("chooseMember")}
                </Button>
              </li>
            ))}
          </ul>
        )
      ) : null}
    </div>
  );
}
