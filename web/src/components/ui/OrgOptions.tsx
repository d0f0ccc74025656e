/** One `<option>` per org, by id, for the org pickers (top bar, reviews filters, health). */
export function OrgOptions({ orgs }: { orgs: readonly { id: number; name: string }[] }) {
  return (
    <>
      {orgs.map((org) => (
        <option key={org.id} value={org.id}>
          {org.name}
        </option>
      ))}
    </>
  );
}
