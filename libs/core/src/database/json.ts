/** A flat JSON value as stored in a jsonb column: codes, ids, numbers, never free text of a case. */
export type JsonValue = string | number | boolean | null | string[] | number[];
export type JsonObject = { [key: string]: JsonValue };
