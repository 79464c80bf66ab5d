"use client";

import { useRouter } from "next/navigation";
import type { CSSProperties, MouseEvent } from "react";

const QUARTER_MS = 15 * 60_000;

/** The free stretch under an event: one `a[data-book]` per run of free quarters (calendar-grid.tsx). */
function bookingLink(event: MouseEvent): HTMLAnchorElement | null {
  return event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[data-book]") : null;
}

/** The quarter of the stretch under the pointer, 0 for the first. */
function quarterAt(link: HTMLAnchorElement, clientY: number): number {
  const quarters = Number(link.dataset.quarters) || 1;
  const rect = link.getBoundingClientRect();
  const quarter = Math.floor(((clientY - rect.top) / rect.height) * quarters);
  return Math.min(quarters - 1, Math.max(0, quarter));
}

/** Points the stretch's link (href, and the "+ HH:mm" shown on hover) at one of its quarters. */
function pointAt(link: HTMLAnchorElement, quarter: number) {
  if (link.dataset.quarter === String(quarter)) return;
  link.dataset.quarter = String(quarter);
  const url = new URL(link.href);
  url.searchParams.set("startsAt", new Date(Number(link.dataset.book) + quarter * QUARTER_MS).toISOString());
  link.href = `${url.pathname}${url.search}`;
  const minute = Number(link.dataset.minute) + quarter * 15;
  link.dataset.label = `+ ${String(Math.floor(minute / 60) % 24).padStart(2, "0")}:${String(minute % 60).padStart(2, "0")}`;
  link.style.setProperty("--quarter", String(quarter));
}

/**
 * The calendar grid's only client code. The grid's links are plain <a> (hundreds of next/link
 * instances cost server time on every render); one click handler here navigates client-side for
 * all of them, like next/link without prefetching. A free stretch of a column is one link (to its
 * first quarter, for the keyboard and without JavaScript); under the pointer it follows the
 * quarter hovered, and a click books that quarter.
 */
export function BookingSurface({
  className,
  style,
  markup,
}: {
  className?: string;
  style?: CSSProperties;
  /** The grid's inside, escaped markup written on the server (calendar-grid.tsx, lib/html.ts). */
  markup: string;
}) {
  const router = useRouter();
  return (
    <div
      role="presentation"
      className={className}
      style={style}
      onMouseMove={(event) => {
        const link = bookingLink(event);
        if (link) pointAt(link, quarterAt(link, event.clientY));
      }}
      onMouseOut={(event) => {
        const link = bookingLink(event);
        if (link && !(event.relatedTarget instanceof Node && link.contains(event.relatedTarget))) pointAt(link, 0);
      }}
      onClick={(event) => {
        if (event.defaultPrevented || event.button !== 0) return;
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
        const link = event.target instanceof Element ? event.target.closest<HTMLAnchorElement>("a[href]") : null;
        if (!link || link.target || link.origin !== window.location.origin) return;
        // detail 0: a keyboard "click" (Enter) books the stretch's first quarter.
        if (link.dataset.book) pointAt(link, event.detail === 0 ? 0 : quarterAt(link, event.clientY));
        event.preventDefault();
        router.push(link.getAttribute("href")!);
      }}
      dangerouslySetInnerHTML={{ __html: markup }}
    />
  );
}
