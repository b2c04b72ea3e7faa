import { Fragment } from 'react';

/**
 * Renders a path or URL with line-break opportunities after each `/`, `.`
 * and `:`, so a narrow table cell wraps it between its parts instead of in
 * the middle of a name. The text content stays unchanged.
 */
export function BreakableText({ text }: { text: string }) {
  const parts = text.split(/(?<=[/.:])/);

  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && <wbr />}
        </Fragment>
      ))}
    </>
  );
}
