import { EmptyState } from "@/components/layout/empty-state";
import { Card } from "@/components/ui/card";
import { SimpleTable } from "@/components/ui/simple-table";

export type AdvisorSalesRow = {
  key: string;
  name: string;
  visits: string;
  purchases: string;
  amount: string;
  previousAmount: string;
};

const cell = "px-3 py-2 whitespace-nowrap";
const number = `${cell} text-right tabular-nums`;

/** Advisor-influenced sales, one row per advisor, the previous period in brackets or its own column. */
export function AdvisorSalesTable({
  title,
  labels,
  rows,
  empty,
  note,
}: {
  title: string;
  labels: string[];
  rows: AdvisorSalesRow[];
  empty: string;
  note: string;
}) {
  return (
    <Card title={title}>
      {rows.length === 0 ? (
        <EmptyState title={empty} body={note} />
      ) : (
        <>
          <SimpleTable labels={labels}>
            {rows.map((row) => (
              <tr key={row.key}>
                <td className={cell}>{row.name}</td>
                <td className={number}>{row.visits}</td>
                <td className={number}>{row.purchases}</td>
                <td className={number}>{row.amount}</td>
                <td className={number}>{row.previousAmount}</td>
              </tr>
            ))}
          </SimpleTable>
          <p className="mt-2 text-xs text-stone-500">{note}</p>
        </>
      )}
    </Card>
  );
}
