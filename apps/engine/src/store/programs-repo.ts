// Compiled versions of each flow (programs) and which one is live (deployments).
import type { FlowDocument } from '@patchbay/shared/flow';
import { routeProgramSchema, type RouteProgram } from '@patchbay/shared/program';
import type { Db } from './db';

export interface StoredProgram {
  readonly program: RouteProgram;
  readonly document: FlowDocument;
  readonly createdAt: number;
}

export interface VersionRow {
  readonly version: number;
  readonly createdAt: number;
  readonly active: boolean;
  /** Who deployed it ("admin", `token "NAME"`, "local"), or null when not recorded. */
  readonly deployedBy: string | null;
}

export class ProgramsRepo {
  private readonly nextVersionStmt;
  private readonly insertStmt;
  private readonly getStmt;
  private readonly activateStmt;
  private readonly undeployStmt;
  private readonly activeStmt;
  private readonly activeOneStmt;
  private readonly versionsStmt;

  constructor(private readonly db: Db) {
    this.nextVersionStmt = db.prepare<[string], { v: number }>(
      'SELECT COALESCE(MAX(version), 0) + 1 AS v FROM programs WHERE flow_id = ?',
    );
    this.insertStmt = db.prepare(
      'INSERT INTO programs (flow_id, version, program, document, created_at, deployed_by) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.getStmt = db.prepare<[string, number], { program: string; document: string; created_at: number }>(
      'SELECT program, document, created_at FROM programs WHERE flow_id = ? AND version = ?',
    );
    this.activateStmt = db.prepare(
      'INSERT INTO deployments (flow_id, version, deployed_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (flow_id) DO UPDATE SET version = excluded.version, deployed_at = excluded.deployed_at',
    );
    this.undeployStmt = db.prepare('DELETE FROM deployments WHERE flow_id = ?');
    this.activeStmt = db.prepare<[], { program: string; document: string; created_at: number }>(
      'SELECT p.program, p.document, p.created_at FROM deployments d ' +
        'JOIN programs p ON p.flow_id = d.flow_id AND p.version = d.version ORDER BY d.flow_id',
    );
    this.activeOneStmt = db.prepare<[string], { version: number }>(
      'SELECT version FROM deployments WHERE flow_id = ?',
    );
    this.versionsStmt = db.prepare<
      [string],
      { version: number; created_at: number; active: number; deployed_by: string | null }
    >(
      'SELECT p.version, p.created_at, p.deployed_by, (d.version IS NOT NULL) AS active FROM programs p ' +
        'LEFT JOIN deployments d ON d.flow_id = p.flow_id AND d.version = p.version ' +
        'WHERE p.flow_id = ? ORDER BY p.version DESC',
    );
  }

  nextVersion(flowId: string): number {
    return this.nextVersionStmt.get(flowId)?.v ?? 1;
  }

  /** Store a new version and make it the live one, atomically. */
  addAndActivate(
    program: RouteProgram,
    document: FlowDocument,
    now = Date.now(),
    deployedBy: string | null = null,
  ): void {
    this.db.transaction(() => {
      this.insertStmt.run(
        program.flowId,
        program.version,
        JSON.stringify(program),
        JSON.stringify(document),
        now,
        deployedBy,
      );
      this.activateStmt.run(program.flowId, program.version, now);
    })();
  }

  activate(flowId: string, version: number, now = Date.now()): boolean {
    if (!this.getStmt.get(flowId, version)) return false;
    this.activateStmt.run(flowId, version, now);
    return true;
  }

  undeploy(flowId: string): void {
    this.undeployStmt.run(flowId);
  }

  get(flowId: string, version: number): StoredProgram | undefined {
    const row = this.getStmt.get(flowId, version);
    return row && toStored(row);
  }

  activeVersion(flowId: string): number | null {
    return this.activeOneStmt.get(flowId)?.version ?? null;
  }

  /** Every live program, validated against the program format (a bad row is a bug, so throw). */
  active(): StoredProgram[] {
    return this.activeStmt.all().map(toStored);
  }

  versions(flowId: string): VersionRow[] {
    return this.versionsStmt.all(flowId).map((r) => ({
      version: r.version,
      createdAt: r.created_at,
      active: r.active === 1,
      deployedBy: r.deployed_by,
    }));
  }
}

function toStored(row: { program: string; document: string; created_at: number }): StoredProgram {
  return {
    program: routeProgramSchema.parse(JSON.parse(row.program)),
    document: JSON.parse(row.document) as FlowDocument,
    createdAt: row.created_at,
  };
}
