/** A WHERE clause built from optional filters: a term is added only when its value is given. */
export class Where {
  readonly terms: string[] = [];
  readonly params: unknown[] = [];

  /** Adds `term` (with one `?` per value) unless the first value is undefined. */
  add(term: string, ...values: unknown[]): this {
    if (values[0] === undefined) return this;
    this.terms.push(term);
    this.params.push(...values);
    return this;
  }

  toString(): string {
    return this.terms.length === 0 ? "" : `WHERE ${this.terms.join(" AND ")}`;
  }
}
