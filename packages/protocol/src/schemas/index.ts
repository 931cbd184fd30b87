/** The message schemas of GY/T 345-2021 6.4–6.7 (one per message) and their shared pieces. */
export * from "./fields";
export * from "./id-list";
export * from "./program-inject";
export * from "./program-offline";
export * from "./series-inject";
export * from "./series-offline";
export * from "./series-program";
