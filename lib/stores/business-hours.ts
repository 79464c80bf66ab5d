// The stored shape lives with the table (db/ imports nothing from lib/); re-exported for the stores domain.
export { WEEKDAYS, type BusinessHours, type Weekday } from "@/db/schema/business-hours";
