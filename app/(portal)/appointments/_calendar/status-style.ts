import type { AppointmentStatus } from "@/lib/appointments/calendar/schemas";

/**
 * A status's swatch in the calendars' legend; the blocks themselves take their colours from
 * calendar-grid.module.css, which must agree.
 */
export const STATUS_SWATCH: Record<AppointmentStatus, string> = {
  requested: "bg-amber-100 ring-amber-500",
  confirmed: "bg-sky-100 ring-sky-600",
  checked_in: "bg-violet-100 ring-violet-600",
  completed: "bg-emerald-100 ring-emerald-600",
  no_show: "bg-rose-100 ring-rose-600",
  cancelled: "bg-white ring-stone-400",
};

export const STATUS_BADGE_TONE: Record<AppointmentStatus, "neutral" | "info" | "warning" | "success" | "danger"> = {
  requested: "warning",
  confirmed: "info",
  checked_in: "info",
  completed: "success",
  no_show: "danger",
  cancelled: "neutral",
};
