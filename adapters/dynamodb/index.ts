import type { Endpoint } from '../clients.ts';
import { DeliveriesRepository } from './deliveries.ts';
import { DueItemsRepository } from './due-items.ts';
import { RunsRepository } from './runs.ts';
import { SyncStateRepository } from './sync-state.ts';
import { makeTable, type Table } from './table.ts';
import { TasksRepository } from './tasks.ts';
import { TrustRecordsRepository } from './trust-records.ts';

/** One repository per record family, all on the same table. */
export function makeRepositories(table: Table) {
  return {
    table,
    trustRecords: new TrustRecordsRepository(table),
    dueItems: new DueItemsRepository(table),
    tasks: new TasksRepository(table),
    runs: new RunsRepository(table),
    deliveries: new DeliveriesRepository(table),
    syncState: new SyncStateRepository(table),
  };
}
export type Repositories = ReturnType<typeof makeRepositories>;

/** The repositories on a table in AWS, or on a local stand-in when `endpoint` is given. */
export function openTable(where: Endpoint & { tableName: string }): Repositories {
  return makeRepositories(makeTable(where));
}

/** The table-side ports of the nightly run. */
export function nightlyRunPorts(repos: Repositories) {
  return {
    trusts: repos.trustRecords,
    dueItems: repos.dueItems,
    tasks: repos.tasks,
    runs: repos.runs,
    meter: repos.table,
  };
}

/** The table-side ports of the sync. */
export function syncPorts(repos: Repositories) {
  return {
    trusts: repos.trustRecords,
    dueItems: repos.dueItems,
    runs: repos.runs,
    state: repos.syncState,
  };
}
