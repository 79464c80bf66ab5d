import { storeDisplayName } from "@/lib/stores/display";

type StoreOption = { id: string; name: string; nameEn: string | null };

/**
 * The stores of a report's GET form as checkboxes (`store`, repeated), touch-sized; shown only when
 * there is a choice to make. None ticked means every store in the viewer's scope (the hint says so).
 */
export function StoreCheckboxes({
  stores,
  selected,
  legend,
  hint,
  locale,
}: {
  stores: StoreOption[];
  selected: readonly string[];
  legend: string;
  hint: string;
  locale: string;
}) {
  if (stores.length <= 1) return null;
  return (
    <fieldset className="flex flex-col gap-1">
      <legend className="text-xs font-medium text-stone-600">{legend}</legend>
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {stores.map((store) => (
          <label key={store.id} className="inline-flex min-h-10 items-center gap-2 text-sm text-stone-800">
            <input
              type="checkbox"
              name="store"
              value={store.id}
              defaultChecked={selected.includes(store.id)}
              className="size-5 rounded border-stone-300"
            />
            {storeDisplayName(store, locale)}
          </label>
        ))}
      </div>
      <p className="text-xs text-stone-500">{hint}</p>
    </fieldset>
  );
}
