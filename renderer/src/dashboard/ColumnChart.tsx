export interface Column {
  label: string;
  value: number;
  /** Read out and shown on hover: "12 sessions on 3 May". */
  description: string;
}

const HEIGHT = 180;
const AXIS = 20;
const PAD = 24;

/** Vertical bars in plain SVG (no chart library: the bundle stays small). */
export function ColumnChart({ columns, title, labelEvery = 1, width = 600 }: { columns: readonly Column[]; title: string; labelEvery?: number; width?: number }) {
  const WIDTH = width - 2 * PAD;
  const max = Math.max(1, ...columns.map((column) => column.value));
  const slot = WIDTH / Math.max(1, columns.length);
  const bar = Math.max(2, slot * 0.7);
  return (
    <figure className="chart">
      <svg viewBox={`${-PAD} 0 ${width} ${HEIGHT + AXIS}`} role="img" aria-label={title} className="column-chart">
        <line x1={0} x2={WIDTH} y1={HEIGHT} y2={HEIGHT} className="axis" />
        {columns.map((column, index) => {
          const height = (column.value / max) * (HEIGHT - 16);
          const x = index * slot + (slot - bar) / 2;
          return (
            <g key={column.label}>
              <rect x={x} y={HEIGHT - height} width={bar} height={height} className="bar" rx={2}>
                <title>{column.description}</title>
              </rect>
              {index % labelEvery === 0 && (
                <text x={x + bar / 2} y={HEIGHT + 14} textAnchor="middle" className="tick">
                  {column.label}
                </text>
              )}
            </g>
          );
        })}
        <text x={WIDTH} y={10} textAnchor="end" className="tick">
          max {max}
        </text>
      </svg>
      <figcaption className="visually-hidden">
        <ul>
          {columns.map((column) => (
            <li key={column.label}>{column.description}</li>
          ))}
        </ul>
      </figcaption>
    </figure>
  );
}
