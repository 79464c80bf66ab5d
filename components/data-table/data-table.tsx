"use client";

import { flexRender, getCoreRowModel, useReactTable, type ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { EmptyState } from "@/components/layout/empty-state";
import { cn } from "@/components/ui/cn";
import { Pager } from "./pager";
import { useUrlParams } from "./use-url-params";

/** The list's URL parameters as the page parsed them (lib/list-params): which page, and the sort when the list has one. */
export type TableParams = { page: number; pageSize: number; sort?: string; dir?: "asc" | "desc" };

type DataTableProps<TData> = {
  columns: ColumnDef<TData, unknown>[];
  data: TData[];
  total: number;
  params: TableParams;
  /** Column ids the server can sort by. */
  sortable?: string[];
  toolbar?: ReactNode;
  empty: { title: ReactNode; body?: ReactNode; action?: ReactNode };
  getRowId?: (row: TData) => string;
};

/**
 * The one @tanstack/react-table wrapper: sorting, filtering and pagination happen on the server;
 * this component renders the page of rows it is given and writes the user's choices to the URL.
 */
export function DataTable<TData>({
  columns,
  data,
  total,
  params,
  sortable = [],
  toolbar,
  empty,
  getRowId,
}: DataTableProps<TData>) {
  const { page, pageSize } = params;
  const sort = params.sort ? { sort: params.sort, dir: params.dir ?? "asc" } : undefined;
  const { setParams, pending } = useUrlParams();
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const table = useReactTable({
    data,
    columns,
    getRowId,
    getCoreRowModel: getCoreRowModel(),
    manualPagination: true,
    manualSorting: true,
    manualFiltering: true,
    pageCount,
  });

  const toggleSort = (id: string) => {
    const dir = sort?.sort === id && sort.dir === "asc" ? "desc" : "asc";
    setParams({ sort: id, dir }, { resetPage: false });
  };

  return (
    <div className="space-y-3">
      {toolbar}
      <div
        className={cn(
          "overflow-x-auto rounded-lg bg-white shadow-sm ring-1 ring-stone-200 transition-opacity",
          pending && "opacity-60",
        )}
        aria-busy={pending}
      >
        {data.length === 0 ? (
          <div className="p-4">
            <EmptyState title={empty.title} body={empty.body} action={empty.action} />
          </div>
        ) : (
          <table className="min-w-full divide-y divide-stone-200 text-sm">
            <thead className="bg-stone-50">
              {table.getHeaderGroups().map((group) => (
                <tr key={group.id}>
                  {group.headers.map((header) => {
                    const id = header.column.id;
                    const canSort = sortable.includes(id);
                    const active = sort?.sort === id;
                    const label = header.isPlaceholder
                      ? null
                      : flexRender(header.column.columnDef.header, header.getContext());
                    return (
                      <th
                        key={header.id}
                        scope="col"
                        aria-sort={active ? (sort?.dir === "asc" ? "ascending" : "descending") : undefined}
                        className="px-3 py-2.5 text-left text-xs font-semibold whitespace-nowrap text-stone-600"
                      >
                        {canSort ? (
                          <button
                            type="button"
                            onClick={() => toggleSort(id)}
                            className="inline-flex items-center gap-1 rounded hover:text-stone-900 focus-visible:outline-2 focus-visible:outline-amber-600"
                          >
                            {label}
                            <span
                              aria-hidden
                              className={cn("text-[10px]", active ? "text-amber-700" : "text-stone-300")}
                            >
                              {active && sort?.dir === "desc" ? "▼" : "▲"}
                            </span>
                          </button>
                        ) : (
                          label
                        )}
                      </th>
                    );
                  })}
                </tr>
              ))}
            </thead>
            <tbody className="divide-y divide-stone-100">
              {table.getRowModel().rows.map((row) => (
                <tr key={row.id} className="hover:bg-stone-50">
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className="px-3 py-2.5 align-top text-stone-800">
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
      <Pager page={page} pageSize={pageSize} total={total} pageSizes />
    </div>
  );
}
