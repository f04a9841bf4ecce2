import { Fragment } from 'react';

/**
 * Text that may wrap after `.`, `_`, `:`, `/` and `-` (as in queue names,
 * type names and entity references) instead of in the middle of a word.
 * Still plain text.
 *
 * @public
 */
export function Breakable(props: { text: string }) {
  const parts = props.text.split(/(?<=[._:/-])/);
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {index > 0 && <wbr />}
          {part}
        </Fragment>
      ))}
    </>
  );
}
