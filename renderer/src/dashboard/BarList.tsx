/** Labelled horizontal bars with counts: readable as a list, drawn with CSS widths. */
export function BarList({ items, label }: { items: readonly { key: string; label: string; value: number; className?: string }[]; label: string }) {
  const max = Math.max(1, ...items.map((item) => item.value));
  const total = items.reduce((sum, item) => sum + item.value, 0);
  return (
    <ul className="bar-list" aria-label={label}>
      {items.map((item) => (
        <li key={item.key}>
          <span className="bar-label">{item.label}</span>
          <span className="bar-track" aria-hidden="true">
            <span className={`bar-fill ${item.className ?? ''}`} style={{ width: `${(item.value / max) * 100}%` }} />
          </span>
          <span className="bar-value">
            {item.value.toLocaleString()}
            <span className="muted"> {total > 0 ? `${Math.round((item.value / total) * 100)}%` : ''}</span>
          </span>
        </li>
      ))}
    </ul>
  );
}
