/**
 * The caveats every response about a force carries ("SYNTHETIC data", "police.uk open data:
 * locations approximate…"). Shown on every page that shows figures, and printed with it.
 */
export function Caveats({ caveats, notes }: { caveats: readonly string[]; notes?: readonly string[] }) {
  const all = [...new Set([...caveats, ...(notes ?? [])])];
  const synthetic = all.some((c) => /synthetic/i.test(c));
  return (
    <aside class="caveats" aria-label="About these figures">
      {synthetic && (
        <p class="synthetic-flag">
          <strong>Synthetic data</strong>: these figures come from generated crimes, not real records.
        </p>
      )}
      {all.length > 0 ? (
        <ul>
          {all.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      ) : (
        <p class="small muted">No caveats reported for this data.</p>
      )}
    </aside>
  );
}
