// The flows table: the working copy of each flow document, as last saved.
import type { FlowDocument } from '@patchbay/shared/flow';
import type { Db } from './db';

export interface StoredFlow {
  readonly flow: FlowDocument;
  readonly createdAt: number;
  readonly updatedAt: number;
}

interface FlowRow {
  id: string;
  name: string;
  document: string;
  created_at: number;
  updated_at: number;
}

export class FlowsRepo {
  private readonly listStmt;
  private readonly getStmt;
  private readonly insertStmt;
  private readonly updateStmt;
  private readonly deleteStmt;

  constructor(private readonly db: Db) {
    this.listStmt = db.prepare<[], FlowRow>('SELECT * FROM flows ORDER BY name COLLATE NOCASE, id');
    this.getStmt = db.prepare<[string], FlowRow>('SELECT * FROM flows WHERE id = ?');
    this.insertStmt = db.prepare(
      'INSERT OR IGNORE INTO flows (id, name, document, created_at, updated_at) VALUES (@id, @name, @document, @now, @now)',
    );
    this.updateStmt = db.prepare(
      'UPDATE flows SET name = @name, document = @document, updated_at = @now WHERE id = @id',
    );
    this.deleteStmt = db.prepare('DELETE FROM flows WHERE id = ?');
  }

  list(): StoredFlow[] {
    return this.listStmt.all().map(toStored);
  }

  get(id: string): StoredFlow | undefined {
    const row = this.getStmt.get(id);
    return row && toStored(row);
  }

  /** Returns false when a flow with that id exists already. */
  create(flow: FlowDocument, now = Date.now()): boolean {
    const result = this.insertStmt.run({ id: flow.id, name: flow.name, document: JSON.stringify(flow), now });
    return result.changes === 1;
  }

  /** Returns false when there is no such flow. */
  update(flow: FlowDocument, now = Date.now()): boolean {
    return (
      this.updateStmt.run({ id: flow.id, name: flow.name, document: JSON.stringify(flow), now }).changes === 1
    );
  }

  delete(id: string): boolean {
    return this.deleteStmt.run(id).changes === 1;
  }

  exists(id: string): boolean {
    return this.getStmt.get(id) !== undefined;
  }
}

function toStored(row: FlowRow): StoredFlow {
  return {
    flow: JSON.parse(row.document) as FlowDocument,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}
