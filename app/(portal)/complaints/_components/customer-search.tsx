"use client";

import { useTranslations } from "next-intl";
import { useState, type ReactNode } from "react";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import type { BookingMember } from "@/lib/appointments/booking/queries";
import { findComplaintMembersAction } from "@/lib/complaints/cases/actions";

/**
 * Who the customer is, for a complaint or an inquiry: a member found by name, phone or card, or,
 * when none is chosen, an unidentified customer (`children`: the name and contact fields).
 */
export function CustomerSearch({
  member,
  onChoose,
  unidentifiedHint,
  children,
}: {
  member: BookingMember | null;
  onChoose: (member: BookingMember | null) => void;
  unidentifiedHint: string;
  children: ReactNode;
}) {
  const t = useTranslations("complaints.intake");
  const tTiers = useTranslations("members.tiers");
  const [query, setQuery] = useState("");
  const [matches, setMatches] = useState<BookingMember[] | null>(null);

  const search = async () => {
    if (!query.trim()) return;
    const result = await findComplaintMembersAction({ q: query });
    setMatches(result.ok ? result.data : []);
  };
  const choose = (chosen: BookingMember | null) => {
    setMatches(null);
    onChoose(chosen);
  };

  if (member) {
    return (
      <div className="flex items-center justify-between gap-3 rounded-md bg-stone-50 p-3">
        <div>
          <p className="font-medium">{member.name}</p>
          <p className="text-xs text-stone-500">
            {member.phone} · {tTiers.has(member.tier) ? tTiers(member.tier) : member.tier}
          </p>
        </div>
        <Button variant="secondary" onClick={() => choose(null)}>
          {t("changeMember")}
        </Button>
      </div>
    );
  }
  return (
    <div className="space-y-2">
      <label htmlFor="member-search" className="block text-sm font-medium text-stone-800">
        {t("memberSearch")}
      </label>
      <div className="flex gap-2">
        <Input
          id="member-search"
          type="search"
          value={query}
          placeholder={t("memberSearchPlaceholder")}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter") {
              e.preventDefault();
              void search();
            }
          }}
        />
        <Button variant="secondary" onClick={search}>
          {t("search")}
        </Button>
      </div>
      {matches ? (
        matches.length === 0 ? (
          <p className="text-sm text-stone-500">{t("noMatches")}</p>
        ) : (
          <ul className="divide-y divide-stone-200 rounded-md ring-1 ring-stone-200">
            {matches.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  className="flex min-h-10 w-full justify-between px-3 py-2 text-left text-sm hover:bg-stone-50"
                  onClick={() => choose(m)}
                >
                  <span>{m.name}</span>
                  <span className="text-stone-500">{m.phone}</span>
                </button>
              </li>
            ))}
          </ul>
        )
      ) : null}
      <p className="pt-2 text-xs text-stone-500">{unidentifiedHint}</p>
      {children}
    </div>
  );
}
