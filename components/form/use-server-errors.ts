"use client";

import type { FieldValues, Path, UseFormSetError } from "react-hook-form";
import type { ActionFailure } from "@/lib/actions/result";

/** Puts a failed action's field errors next to their fields; returns the form-level message. */
export function applyServerErrors<T extends FieldValues>(failure: ActionFailure, setError: UseFormSetError<T>): string {
  for (const [field, messages] of Object.entries(failure.fieldErrors ?? {})) {
    if (messages?.[0]) setError(field as Path<T>, { type: "server", message: messages[0] });
  }
  return failure.message;
}
