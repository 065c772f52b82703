// Node types from the catalogue, grouped by category, dragged onto the canvas.
import type { DragEvent, KeyboardEvent } from 'react';
import { useStoreApi } from '@xyflow/react';
import { nodeTypeList, type NodeCategory, type NodeTypeDef } from '@patchbay/shared/nodes';
import { CategoryIcon } from '../canvas/category-icon';
import { NODE_TYPE_MIME } from '../canvas/drag-data';
import { useFlowStoreApi } from '../store/use-flow-store';

const categoryTitles: Record<NodeCategory, string> = {
  trigger: 'Triggers',
  routing: 'Routing',
  response: 'Responses',
};

/** Categories in the order the catalogue first uses them. */
function groupByCategory(types: readonly NodeTypeDef[]): [NodeCategory, NodeTypeDef[]][] {
  const groups = new Map<NodeCategory, NodeTypeDef[]>();
  for (const t of types) groups.set(t.category, [...(groups.get(t.category) ?? []), t]);
  return [...groups];
}

const groups = groupByCategory(nodeTypeList);

function onDragStart(event: DragEvent, type: string) {
  event.dataTransfer.setData(NODE_TYPE_MIME, type);
  event.dataTransfer.effectAllowed = 'copy';
}

export function Palette() {
  const store = useFlowStoreApi();
  const flow = useStoreApi();

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

  return (
    <aside className="palette" aria-label="Node palette" data-testid="palette">
      <h2 className="panel-title">Nodes</h2>
      <p className="panel-hint">Drag onto the canvas, or double-click to add.</p>
      {groups.map(([category, types]) => (
        <section key={category} className="palette__group">
          <h3 className="palette__category">{categoryTitles[category]}</h3>
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
