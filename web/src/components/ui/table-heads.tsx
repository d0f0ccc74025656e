/** Plain column headings, in order; sortable or otherwise special ones are written out where they are used. */
export function ColumnHeads({ names }: { names: readonly string[] }) {
  return (
    <>
      {names.map((name) => (
        <th scope="col" key={name}>
          {name}
        </th>
      ))}
    </>
  );
}

/** The heading of a column of row buttons: blank on screen, named for screen readers. */
export function ActionsColumnHead() {
  return (
    <th scope="col">
      <span className="visually-hidden">Actions</span>
    </th>
  );
}
