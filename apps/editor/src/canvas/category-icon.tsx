// One glyph per node category (not per node type: a new type needs no editor change).
import type { NodeCategory } from '@patchbay/shared/nodes';

const paths: Record<NodeCategory, string> = {
  // a play triangle: where calls come in
  trigger: 'M5 3.5v9l7.5-4.5z',
  // two arrows: sends the call on
  routing: 'M2 5h9M8.5 2.5 11 5 8.5 7.5M14 11H5M7.5 8.5 5 11l2.5 2.5',
  // a return arrow: answers the caller
  response: 'M13 3v4a3 3 0 0 1-3 3H3M6 7l-3 3 3 3',
};

export function CategoryIcon({ category }: { category: NodeCategory | undefined }) {
  const d = category ? paths[category] : 'M8 3v6M8 12v1';
  const filled = category === 'trigger';
  return (
    <svg className="category-icon" viewBox="0 0 16 16" width="14" height="14" aria-hidden="true">
      <path
        d={d}
        fill={filled ? 'currentColor' : 'none'}
        stroke="currentColor"
        strokeWidth={filled ? 1 : 1.6}
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
