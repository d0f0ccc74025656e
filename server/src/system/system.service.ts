import type { Db } from '../db/database.ts';
import { isMigrated } from '../db/migrator.ts';
import { pingDatabase } from './system.repository.ts';

/**
 * Readiness for load balancers: the process is not shutting down, the database answers and every
 * migration is applied.
 */
export class SystemService {
  // Once migrated, stays migrated for this process's life (migrations are forward-only).
  private migrated = false;

  constructor(
    private readonly db: Db,
    private readonly shutdown?: AbortSignal,
  ) {}

  /** From the first SIGTERM on: a load balancer should stop sending new work here. */
  get shuttingDown(): boolean {
    return this.shutdown?.aborted ?? false;
  }

  /** Whether the migrations are applied; throws the database's error when it does not answer. */
  async databaseReady(): Promise<boolean> {
    await pingDatabase(this.db);
    this.migrated ||= await isMigrated(this.db);
    return this.migrated;
  }
}
