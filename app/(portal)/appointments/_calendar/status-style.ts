import type { AppointmentStatus } from "@/lib/appointments/calendar/schemas";

/** A status's colours on the calendars: the visit's block, its (lighter) buffer, and the legend's swatch. */
export const STATUS_STYLE: Record<AppointmentStatus, { block: string; buffer: string; swatch: string }> = {
  requested: {
    block: "border-amber-500 bg-amber-50 text-amber-950 hover:bg-amber-100",
    buffer: "border-amber-300 bg-amber-50/60",
    swatch: "bg-amber-100 ring-amber-500",
  },
  confirmed: {
    block: "border-sky-600 bg-sky-50 text-sky-950 hover:bg-sky-100",
    buffer: "border-sky-300 bg-sky-50/60",
    swatch: "bg-sky-100 ring-sky-600",
  },
  checked_in: {
    block: "border-violet-600 bg-violet-50 text-violet-950 hover:bg-violet-100",
    buffer: "border-violet-300 bg-violet-50/60",
    swatch: "bg-violet-100 ring-violet-600",
  },
  completed: {
    block: "border-emerald-600 bg-emerald-50 text-emerald-950 hover:bg-emerald-100",
    buffer: "border-emerald-300 bg-emerald-50/60",
    swatch: "bg-emerald-100 ring-emerald-600",
  },
  no_show: {
    block: "border-rose-600 bg-rose-50 text-rose-950 hover:bg-rose-100",
    buffer: "border-rose-300 bg-rose-50/60",
    swatch: "bg-rose-100 ring-rose-600",
  },
  cancelled: {
    block: "border-stone-400 bg-white/90 text-stone-500 line-through hover:bg-stone-50",
    buffer: "border-stone-300 bg-white/50",
    swatch: "bg-white ring-stone-400",
  },
};

export const STATUS_BADGE_TONE: Record<AppointmentStatus, "neutral" | "info" | "warning" | "success" | "danger"> = {
  requested: "warning",
  confirmed: "info",
  checked_in: "info",
  completed: "success",
  no_show: "danger",
  cancelled: "neutral",
};
