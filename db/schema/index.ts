export * from "./stores";
export * from "./staff";
export * from "./audit";
export * from "./settings";
export * from "./members";
export * from "./sales";
export * from "./loyalty";
export * from "./api";
