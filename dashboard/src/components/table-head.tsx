/** The column headings of a data table; `num` columns are right-aligned like their cells, `false` leaves a column out. */
export type Column = string | { label: string; num: true } | false;

export function TableHead({ columns }: { columns: readonly Column[] }) {
  return (
    <thead>
      <tr>
        {columns.map((column, index) =>
          column === false ? null : typeof column === 'string' ? (
            <th key={index} scope="col">
              {column}
            </th>
          ) : (
            <th key={index} scope="col" class="num">
              {column.label}
            </th>
          ),
        )}
      </tr>
    </thead>
  );
}
