// The clienteling profile as stored (one jsonb document on the member). The lists live here because
// the column's type needs them and db/ imports nothing from lib/; lib/members validates with zod.
export const MATERIALS = ["gold", "platinum", "k_gold", "jade", "diamond", "pearl", "silver"] as const;
export const STYLES = ["minimalist", "classic", "ornate", "vintage"] as const;
export const PURPOSES = ["self", "gift"] as const;
export const MALL_CATEGORIES = ["fashion", "beauty", "home", "kids", "dining"] as const;

export type ClientelingProfile = {
  materials?: (typeof MATERIALS)[number][];
  styles?: (typeof STYLES)[number][];
  purpose?: (typeof PURPOSES)[number];
  budgetMinFen?: number;
  budgetMaxFen?: number;
  ringSize?: string;
  brands?: string[];
  mallCategories?: (typeof MALL_CATEGORIES)[number][];
};
