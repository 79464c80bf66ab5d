/** The minute amounts the setup shows (durations, buffers, notice) in the largest whole unit: 1440 → "1 day", 90 → "1 h 30 min". */
export function minutesText(
  minutes: number,
  t: (
    key: "minutesNone" | "minutesOnly" | "hoursOnly" | "hoursMinutes" | "daysOnly",
    values?: Record<string, number>,
  ) => string,
): string {
  if (!Number.isFinite(minutes) || minutes <= 0) return t("minutesNone");
  if (minutes % 1440 === 0) return t("daysOnly", { days: minutes / 1440 });
  if (minutes < 60) return t("minutesOnly", { minutes });
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? t("hoursOnly", { hours }) : t("hoursMinutes", { hours, minutes: rest });
}
