// Palette search and grouping: node types whose title, type id or help contain every word typed,
// grouped by category in the catalogue's order. Pure, tested without a browser.
import type { NodeTypeDef } from '@patchbay/shared/nodes';

const TITLES: Record<string, string> = {
  trigger: 'Triggers',
  routing: 'Routing',
  response: 'Responses',
};

export function categoryTitle(category: string): string {
  return TITLES[category] ?? category.charAt(0).toUpperCase() + category.slice(1);
}

export function searchNodeTypes(types: readonly NodeTypeDef[], query: string): NodeTypeDef[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...types];
  const scored = types
    .map((t) => {
      const title = t.title.toLowerCase();
      const hay = `${title} ${t.type} ${t.help}`.toLowerCase();
      if (!words.every((w) => hay.includes(w))) return null;
      // Title matches first, then type id matches, then help matches.
      const score = words.every((w) => title.includes(w))
        ? 0
        : words.every((w) => t.type.includes(w))
          ? 1
          : 2;
      return { t, score };
    })
    .filter((x): x is { t: NodeTypeDef; score: number } => x !== null);
  return scored.sort((a, b) => a.score - b.score).map((x) => x.t);
}

/** Categories in the order the list first uses them. */
export function groupByCategory(types: readonly NodeTypeDef[]): [string, NodeTypeDef[]][] {
  const groups = new Map<string, NodeTypeDef[]>();
  for (const t of types) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  return [...groups];
}
