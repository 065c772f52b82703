// Node types from the catalogue, grouped by category, with search; dragged onto the canvas, or
// added in the middle of the view by double-click, Enter or (from the search box) Enter on the
// first match.
import { useMemo, useState, type DragEvent, type KeyboardEvent } from 'react';
import { useStoreApi } from '@xyflow/react';
import { nodeTypeList } from '@patchbay/shared/nodes';
import { CategoryIcon } from '../canvas/category-icon';
import { NODE_TYPE_MIME } from '../canvas/drag-data';
import { useFlowStoreApi } from '../store/use-flow-store';
import { categoryTitle, groupByCategory, searchNodeTypes } from './palette-search';

function onDragStart(event: DragEvent, type: string) {
  event.dataTransfer.setData(NODE_TYPE_MIME, type);
  event.dataTransfer.effectAllowed = 'copy';
}

export function Palette() {
  const store = useFlowStoreApi();
  const flow = useStoreApi();
  const [query, setQuery] = useState('');
  const found = useMemo(() => searchNodeTypes(nodeTypeList, query), [query]);
  const groups = useMemo(() => groupByCategory(found), [found]);

  // Without a mouse (or by double-click): add the node in the middle of what the canvas shows,
  // nudged so that repeated adds do not stack exactly.
  function addInView(type: string) {
    const { width, height, transform } = flow.getState();
    const [tx, ty, zoom] = transform;
    const nudge = (store.getState().nodes.length % 5) * 24;
    store.addNode(type, {
      x: (width / 2 - tx) / zoom - 112 + nudge,
      y: (height / 2 - ty) / zoom - 50 + nudge,
    });
  }

  function onKeyDown(event: KeyboardEvent, type: string) {
    if (event.key !== 'Enter' && event.key !== ' ') return;
    event.preventDefault();
    addInView(type);
  }

  function onSearchKey(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'Escape') setQuery('');
    if (event.key === 'Enter' && found[0]) {
      event.preventDefault();
      addInView(found[0].type);
    }
  }

  return (
    <aside className="palette" aria-label="Node palette" data-testid="palette">
      <h2 className="panel-title">Nodes</h2>
      <input
        type="search"
        className="input palette__search"
        placeholder="Search nodes…"
        aria-label="Search nodes"
        value={query}
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={onSearchKey}
        data-testid="palette-search"
      />
      <p className="panel-hint">Drag onto the canvas, or double-click to add.</p>
      {groups.length === 0 && (
        <p className="palette__none" data-testid="palette-none">
          No node matches “{query}”.
        </p>
      )}
      {groups.map(([category, types]) => (
        <section
          key={category}
          className="palette__group"
          data-testid="palette-group"
          data-category={category}
        >
          <h3 className="palette__category">
            {categoryTitle(category)} <span className="palette__count">{types.length}</span>
          </h3>
          {types.map((t) => (
            <div
              key={t.type}
              className="palette-item"
              data-category={t.category}
              draggable
              onDragStart={(e) => onDragStart(e, t.type)}
              onDoubleClick={() => addInView(t.type)}
              onKeyDown={(e) => onKeyDown(e, t.type)}
              role="button"
              tabIndex={0}
              aria-label={`Add ${t.title}`}
              title={t.help}
              data-testid={`palette-item-${t.type}`}
            >
              <span className="palette-item__icon">
                <CategoryIcon category={t.category} />
              </span>
              <span className="palette-item__text">
                <span className="palette-item__title">{t.title}</span>
                <span className="palette-item__help">{t.help}</span>
              </span>
            </div>
          ))}
        </section>
      ))}
    </aside>
  );
}
