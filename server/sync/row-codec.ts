import { tableSpecs, type ColumnKind, type SyncedTable } from './table-specs.js';

/**
 * Converts rows between the desktop's SQLite representation and the wire's (= the Postgres
 * `*_sync` views'), column by column, so a value compares equal on both sides: conflict detection
 * compares this desktop's base values with the server's in the wire representation.
 */
export type WireRow = Record<string, unknown>;
export type LocalRow = Record<string, unknown>;

function wireValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'json':
      return typeof value === 'string' ? (JSON.parse(value) as unknown) : value;
    case 'bool':
      return value === 1 || value === true || value === '1';
    case 'timestamp': {
      const time = Date.parse(String(value));
      return Number.isNaN(time) ? String(value) : new Date(time).toISOString();
    }
    case 'int':
    case 'real':
      return typeof value === 'number' ? value : Number(value);
    case 'text':
      return String(value);
  }
}

function localValue(kind: ColumnKind, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (kind) {
    case 'json':
      return JSON.stringify(value);
    case 'bool':
      return value === true || value === 1 ? 1 : 0;
    case 'int':
      return typeof value === 'number' ? Math.trunc(value) : Number.parseInt(String(value), 10);
    case 'real':
      return typeof value === 'number' ? value : Number(value);
    case 'timestamp':
    case 'text':
      return String(value);
  }
}

/** A local row (or an outbox JSON snapshot of one) in wire form: id, org_id and synced columns only. */
export function toWire(table: SyncedTable, row: LocalRow): WireRow {
  const out: WireRow = { id: row.id, org_id: row.org_id };
  for (const [column, kind] of Object.entries(tableSpecs[table].columns)) out[column] = wireValue(kind, row[column]);
  return out;
}

/** A wire row's synced columns as SQLite values (id and org_id included). */
export function toLocal(table: SyncedTable, row: WireRow): LocalRow {
  const out: LocalRow = { id: row.id, org_id: row.org_id };
  for (const [column, kind] of Object.entries(tableSpecs[table].columns)) out[column] = localValue(kind, row[column]);
  return out;
}

/** One field's wire value as SQLite stores it. */
export function toLocalValue(table: SyncedTable, column: string, value: unknown): unknown {
  const kind = tableSpecs[table].columns[column];
  if (!kind) throw new Error(`${table}.${column} is not a synced column`);
  return localValue(kind, value);
}

/** Deep equality for wire values (JSON objects compare by content, not key order). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) < 1e-9 : false;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => sameValue(item, b[index]));
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((key) => key in right && sameValue(left[key], right[key]));
}

/** The synced columns whose wire values differ between two snapshots of one row. */
export function changedColumns(table: SyncedTable, before: WireRow, after: WireRow): string[] {
  return Object.keys(tableSpecs[table].columns).filter((column) => !sameValue(before[column], after[column]));
}
