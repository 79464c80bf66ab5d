/** The service types as the report lists them (db/schema/after-sales.ts `service_type`); no server imports. */
export const SERVICE_TYPES = [
  "cleaning",
  "maintenance",
  "repair",
  "resizing",
  "replating",
  "polishing",
  "stone_tightening",
  "inspection",
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];
