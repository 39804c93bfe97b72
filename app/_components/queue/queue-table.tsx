import type { ReactNode } from "react";

/** A queue table: scrolls sideways on narrow screens; one header cell per heading. */
export function QueueTable({ testId, headings, children }: { testId: string; headings: string[]; children: ReactNode }) {
  return (
    <div className="table-scroll">
      <table className="queue-table" data-testid={testId}>
        <thead>
          <tr>
            {headings.map((h) => (
              <th key={h} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
