"use client";

import { useState, type InputHTMLAttributes } from "react";
import { Input } from "@/components/ui/input";
import { fenToYuanInput, parseYuanToFen } from "@/lib/money";

type YuanInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, "value" | "onChange" | "defaultValue"> & {
  value: number | null | undefined;
  /** Fen, or undefined while the text is empty or not an amount of yuan. */
  onChange: (fen: number | undefined) => void;
};

/** An amount typed in yuan ("1000", "1,000.50", "¥99"), held by the form in integer fen. */
export function YuanInput({ value, onChange, ...rest }: YuanInputProps) {
  const [text, setText] = useState(fenToYuanInput(value));
  return (
    <Input
      inputMode="decimal"
      autoComplete="off"
      placeholder="¥"
      {...rest}
      value={text}
      onChange={(e) => {
        setText(e.target.value);
        onChange(parseYuanToFen(e.target.value) ?? undefined);
      }}
    />
  );
}
