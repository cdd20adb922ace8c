/**
 * The columnar table every package passes around: enterprise ids plus one `Float64Array` per
 * indicator (NaN = missing). Column selection shares arrays; row selection is an index view.
 * @module
 */
import type { Issue } from "./errors.js";
import { ValidationError } from "./errors.js";
import type { IndicatorMeta } from "./indicator.js";
import type { Period } from "./period.js";

/**
 * What a frame is built from.
 * @category Indicators
 */
export interface IndicatorFrameInit {
  /** Enterprise identifiers, one per row. */
  readonly ids: readonly string[];
  /** Columns by name, each as long as `ids`. */
  readonly columns: ReadonlyMap<string, Float64Array> | Readonly<Record<string, Float64Array>>;
  /** Metadata of (some of) the columns. */
  readonly meta?: readonly IndicatorMeta[];
  /** The month the values are as of. */
  readonly period?: Period;
}

/**
 * Options of {@link IndicatorFrame.fromObjects}.
 * @category Indicators
 */
export interface FromObjectsOptions {
  /** Field holding the enterprise id (default `uscc`). */
  readonly id?: string;
  /** Fields to read as columns; default every field but the id, in first-seen order. */
  readonly columns?: readonly string[];
  readonly meta?: readonly IndicatorMeta[];
  readonly period?: Period;
}

/**
 * A columnar indicator table.
 *
 * @example
 * const frame = IndicatorFrame.fromObjects([
 *   { uscc: "91330100716105852F", penalties_12m: 2 },
 *   { uscc: "914403001922038216", penalties_12m: null },
 * ]);
 * frame.column("penalties_12m") //=> Float64Array [2, NaN]
 * frame.selectRows([1]).id(0)  //=> "914403001922038216"
 * @category Indicators
 */
export class IndicatorFrame {
  /** The month the values are as of, if known. */
  readonly period: Period | undefined;
  readonly #ids: readonly string[];
  readonly #columns: ReadonlyMap<string, Float64Array>;
  readonly #meta: ReadonlyMap<string, IndicatorMeta>;
  /** Row view into the base arrays; `undefined` means all rows in order. */
  readonly #rows: Int32Array | undefined;

  private constructor(
    ids: readonly string[],
    columns: ReadonlyMap<string, Float64Array>,
    meta: ReadonlyMap<string, IndicatorMeta>,
    period: Period | undefined,
    rows: Int32Array | undefined,
  ) {
    this.#ids = ids;
    this.#columns = columns;
    this.#meta = meta;
    this.period = period;
    this.#rows = rows;
  }

  /**
   * Builds a frame from columns, checking that every column is as long as the ids.
   *
   * @param init - Ids, columns, metadata and period.
   * @returns The frame (the arrays are shared, not copied).
   * @throws {ValidationError} `length_mismatch` naming each column of the wrong length.
   * @example
   * IndicatorFrame.fromColumns({ ids: ["a", "b"], columns: { x: new Float64Array([1, 2]) } }).rowCount //=> 2
   */
  static fromColumns(init: IndicatorFrameInit): IndicatorFrame {
    const columns = init.columns instanceof Map ? new Map(init.columns) : new Map(Object.entries(init.columns));
    const issues: Issue[] = [];
    for (const [name, values] of columns) {
      if (values.length !== init.ids.length) {
        issues.push({
          code: "length_mismatch",
          field: name,
          value: values.length,
          expected: `${init.ids.length} values`,
          message: `column ${name} has ${values.length} values, expected ${init.ids.length}`,
        });
      }
    }
    if (issues.length > 0) throw new ValidationError(issues);
    const meta = new Map((init.meta ?? []).map((m) => [m.id, m] as const));
    return new IndicatorFrame(init.ids, columns, meta, init.period, undefined);
  }

  /**
   * Builds a frame from plain objects (small data, notebooks). `null`, `undefined`, `""` and NaN
   * become missing; numeric strings are read as numbers; anything else is an issue.
   *
   * @param rows - One object per enterprise.
   * @param options - Id field, columns, metadata, period.
   * @returns The frame.
   * @throws {ValidationError} Every non-numeric cell (`invalid_number`, path `[row, field]`) and missing id (`missing_field`).
   * @example
   * IndicatorFrame.fromObjects([{ id: "x", age: "12" }], { id: "id" }).value("age", 0) //=> 12
   */
  static fromObjects(rows: readonly Readonly<Record<string, unknown>>[], options: FromObjectsOptions = {}): IndicatorFrame {
    const idField = options.id ?? "uscc";
    const names = options.columns ?? collectFields(rows, idField);
    const ids: string[] = new Array(rows.length);
    const columns = new Map(names.map((n) => [n, new Float64Array(rows.length)] as const));
    const issues: Issue[] = [];
    rows.forEach((row, r) => {
      const id = row[idField];
      if (typeof id !== "string" || id === "")
        issues.push({
          code: "missing_field",
          path: [r, idField],
          field: idField,
          value: id,
          expected: "a non-empty string id",
          message: `row ${r} has no id in ${idField}`,
        });
      ids[r] = typeof id === "string" ? id : String(id);
      for (const [name, values] of columns) {
        const cell = row[name];
        const v = toNumber(cell);
        if (v === undefined)
          issues.push({
            code: "invalid_number",
            path: [r, name],
            field: name,
            value: cell,
            expected: "a number or empty",
            message: `row ${r} ${name}: ${JSON.stringify(cell)} is not a number`,
          });
        values[r] = v ?? Number.NaN;
      }
    });
    if (issues.length > 0) throw new ValidationError(issues);
    return IndicatorFrame.fromColumns({ ids, columns, ...(options.meta ? { meta: options.meta } : {}), ...(options.period ? { period: options.period } : {}) });
  }

  /** Number of rows (of the view, if this is a row selection). */
  get rowCount(): number {
    return this.#rows === undefined ? this.#ids.length : this.#rows.length;
  }

  /** Column names in insertion order. */
  get columnNames(): string[] {
    return [...this.#columns.keys()];
  }

  /** Metadata of every column that has some, in column order. */
  get metadata(): IndicatorMeta[] {
    return this.columnNames.flatMap((n) => {
      const m = this.#meta.get(n);
      return m === undefined ? [] : [m];
    });
  }

  /** Whether this frame is a row view over a larger frame's arrays. */
  get isView(): boolean {
    return this.#rows !== undefined;
  }

  /** Whether a column exists. */
  has(name: string): boolean {
    return this.#columns.has(name);
  }

  /** Metadata of a column, if any. */
  meta(name: string): IndicatorMeta | undefined {
    return this.#meta.get(name);
  }

  /** The id of a row. */
  id(row: number): string {
    const base = this.#rows === undefined ? row : (this.#rows[row] ?? -1);
    const id = this.#ids[base];
    if (id === undefined) throw new RangeError(`row ${row} is outside 0..${this.rowCount - 1}`);
    return id;
  }

  /** All ids in row order (a copy for views, the shared array otherwise). */
  ids(): readonly string[] {
    const rows = this.#rows;
    if (rows === undefined) return this.#ids;
    return Array.from(rows, (r) => this.#ids[r] ?? "");
  }

  /**
   * A column's values in row order. Shared (do not mutate) unless this frame is a row view, in which case it is gathered into a new array.
   *
   * @param name - Column name.
   * @returns The values, NaN for missing.
   * @throws {ValidationError} `unknown_indicator` if there is no such column.
   */
  column(name: string): Float64Array {
    const base = this.#base(name);
    const rows = this.#rows;
    if (rows === undefined) return base;
    const out = new Float64Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = base[rows[i] ?? 0] ?? Number.NaN;
    return out;
  }

  /** One value; NaN when missing. */
  value(name: string, row: number): number {
    const base = this.#base(name);
    const r = this.#rows === undefined ? row : (this.#rows[row] ?? -1);
    return base[r] ?? Number.NaN;
  }

  /**
   * Keeps some columns, sharing their arrays.
   *
   * @param names - Columns to keep, in the order wanted.
   * @returns A frame over the same rows.
   * @throws {ValidationError} `unknown_indicator` for each missing name.
   */
  selectColumns(names: readonly string[]): IndicatorFrame {
    const missing = names.filter((n) => !this.#columns.has(n));
    if (missing.length > 0) throw unknownColumns(missing, this.columnNames);
    const columns = new Map(names.map((n) => [n, this.#base(n)] as const));
    return new IndicatorFrame(this.#ids, columns, this.#meta, this.period, this.#rows);
  }

  /**
   * Keeps some rows, as an index view: no column is copied.
   *
   * @param rows - Row positions of this frame, in the order wanted.
   * @returns A view.
   * @throws {RangeError} If a position is outside the frame.
   */
  selectRows(rows: ArrayLike<number>): IndicatorFrame {
    const n = this.rowCount;
    const index = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i] ?? -1;
      if (!Number.isInteger(r) || r < 0 || r >= n) throw new RangeError(`row ${r} is outside 0..${n - 1}`);
      index[i] = this.#rows === undefined ? r : (this.#rows[r] ?? 0);
    }
    return new IndicatorFrame(this.#ids, this.#columns, this.#meta, this.period, index);
  }

  /**
   * Keeps the rows for which `predicate` holds, as an index view.
   *
   * @param predicate - Called with each row position of this frame.
   * @returns A view.
   */
  filter(predicate: (row: number, frame: IndicatorFrame) => boolean): IndicatorFrame {
    const keep: number[] = [];
    for (let r = 0; r < this.rowCount; r++) if (predicate(r, this)) keep.push(r);
    return this.selectRows(keep);
  }

  /**
   * Adds or replaces a column. On a row view the other columns are gathered first.
   *
   * @param name - Column name.
   * @param values - As many values as rows.
   * @param meta - Optional metadata (its `id` should equal `name`).
   * @returns A new frame; this one is unchanged.
   * @throws {ValidationError} `length_mismatch`.
   */
  withColumn(name: string, values: Float64Array, meta?: IndicatorMeta): IndicatorFrame {
    const base = this.materialize();
    if (values.length !== base.rowCount) {
      throw new ValidationError([
        {
          code: "length_mismatch",
          field: name,
          value: values.length,
          expected: `${base.rowCount} values`,
          message: `column ${name} has ${values.length} values, expected ${base.rowCount}`,
        },
      ]);
    }
    const columns = new Map(base.#columns);
    columns.set(name, values);
    const metaMap = new Map(base.#meta);
    if (meta !== undefined) metaMap.set(name, meta);
    return new IndicatorFrame(base.#ids, columns, metaMap, this.period, undefined);
  }

  /** A frame whose arrays hold exactly its rows: a copy for a view, `this` otherwise. */
  materialize(): IndicatorFrame {
    if (this.#rows === undefined) return this;
    const columns = new Map(this.columnNames.map((n) => [n, this.column(n)] as const));
    return new IndicatorFrame(this.ids(), columns, this.#meta, this.period, undefined);
  }

  /**
   * One plain object per row: `{ [idField]: id, column: value | null }` (missing → `null`).
   *
   * @param idField - Name of the id property (default `uscc`).
   * @returns The rows.
   */
  toObjects(idField = "uscc"): Record<string, string | number | null>[] {
    const names = this.columnNames;
    const cols = names.map((n) => this.column(n));
    const ids = this.ids();
    return ids.map((id, r) => {
      const row: Record<string, string | number | null> = { [idField]: id };
      names.forEach((n, c) => {
        const v = cols[c]?.[r] ?? Number.NaN;
        row[n] = Number.isNaN(v) ? null : v;
      });
      return row;
    });
  }

  #base(name: string): Float64Array {
    const col = this.#columns.get(name);
    if (col === undefined) throw unknownColumns([name], this.columnNames);
    return col;
  }
}

function unknownColumns(names: readonly string[], known: readonly string[]): ValidationError {
  return new ValidationError(
    names.map((n) => ({
      code: "unknown_indicator" as const,
      field: n,
      value: n,
      expected: `one of ${known.join(", ") || "(no columns)"}`,
      message: `no column named ${n}`,
    })),
  );
}

function collectFields(rows: readonly Readonly<Record<string, unknown>>[], idField: string): string[] {
  const seen = new Set<string>();
  for (const row of rows) for (const k of Object.keys(row)) if (k !== idField) seen.add(k);
  return [...seen];
}

function toNumber(cell: unknown): number | undefined {
  if (cell === null || cell === undefined || cell === "") return Number.NaN;
  if (typeof cell === "number") return cell;
  if (typeof cell === "boolean") return cell ? 1 : 0;
  if (typeof cell === "string") {
    const v = Number(cell.trim());
    return Number.isNaN(v) ? undefined : v;
  }
  return undefined;
}
