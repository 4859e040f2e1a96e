import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from './schema.js';

type Row<T extends keyof Database> = Database[T];

const MAX_TEMPLATES = 8;

/**
 * A multi-row INSERT compiled once per row count and reused with new parameters, so bulk loads
 * skip kysely's per-value parsing and compiling (most of their JavaScript cost). The SQL still
 * comes from kysely's compiler for the dialect, so it is as portable as any other query.
 */
export class BulkInsert<T extends keyof Database> {
  readonly #templates = new Map<number, Template>();

  constructor(
    private readonly table: T,
    private readonly columns: ReadonlyArray<keyof Row<T> & string>,
  ) {}

  get columnCount(): number {
    return this.columns.length;
  }

  /** Inserts `rows` in statements of at most `rowsPerStatement` rows each, in order. */
  async insert(db: Kysely<Database>, rows: ReadonlyArray<Row<T>>, rowsPerStatement: number): Promise<void> {
    for (let start = 0; start < rows.length; start += rowsPerStatement) {
      const count = Math.min(rowsPerStatement, rows.length - start);
      const template = this.#template(db, count);
      const parameters = new Array<unknown>(template.rowOf.length);
      for (let p = 0; p < parameters.length; p++) {
        const row = rows[start + template.rowOf[p]!]!;
        parameters[p] = row[this.columns[template.columnOf[p]!]!];
      }
      await db.executeQuery(CompiledQuery.raw(template.sql, parameters));
    }
  }

  /**
   * Compiles an insert of `count` rows whose values are unique markers, then records which
   * row and column each bind parameter came from: no assumption about kysely's ordering.
   */
  #template(db: Kysely<Database>, count: number): Template {
    const cached = this.#templates.get(count);
    if (cached !== undefined) return cached;
    const where = new Map<string, [number, number]>();
    const markerRows = Array.from({ length: count }, (_, r) =>
      Object.fromEntries(
        this.columns.map((column, c) => {
          const marker = `\u0000${r}:${c}`;
          where.set(marker, [r, c]);
          return [column, marker];
        }),
      ),
    );
    const compiled = db
      .insertInto(this.table)
      .values(markerRows as never)
      .compile();
    const rowOf = new Int32Array(compiled.parameters.length);
    const columnOf = new Int32Array(compiled.parameters.length);
    compiled.parameters.forEach((marker, p) => {
      const position = where.get(marker as string);
      if (position === undefined) throw new Error(`bulk insert into ${this.table}: unexpected parameter`);
      [rowOf[p], columnOf[p]] = position;
    });
    const template = { sql: compiled.sql, rowOf, columnOf };
    // A few sizes recur (the full chunk, a remainder): keep a handful, oldest out first.
    if (this.#templates.size >= MAX_TEMPLATES) this.#templates.delete(this.#templates.keys().next().value!);
    this.#templates.set(count, template);
    return template;
  }
}

interface Template {
  sql: string;
  /** For each bind parameter, the index of its row in the statement... */
  rowOf: Int32Array;
  /** ...and of its column in `columns`. */
  columnOf: Int32Array;
}
