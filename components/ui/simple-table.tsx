import type { ReactNode } from "react";

/** A small read-only table (no paging or sorting: for those use DataTable): header labels, then rows. */
export function SimpleTable({ labels, children }: { labels: string[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto">
      <table className="min-w-full divide-y divide-stone-200 text-sm">
        <thead className="bg-stone-50">
          <tr>
            {labels.map((label) => (
              <th
                key={label}
                scope="col"
                className="px-3 py-2 text-left text-xs font-semibold whitespace-nowrap text-stone-600"
              >
                {label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-stone-100">{children}</tbody>
      </table>
    </div>
  );
}
