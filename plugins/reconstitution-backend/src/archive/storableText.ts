/**
 * Text as Postgres can store it: NUL (which `text` refuses) removed, and
 * lone UTF-16 surrogates (which have no UTF-8 form) replaced by U+FFFD.
 * A single pass over the characters: no pattern that could backtrack.
 */
export function storableText(value: string): string {
  let clean = true;
  for (let i = 0; i < value.length && clean; i++) {
    const c = value.charCodeAt(i);
    if (c === 0 || (c >= 0xd800 && c <= 0xdfff)) clean = false;
  }
  if (clean) return value;
  const out: string[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = value.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out.push(value.slice(i, i + 2));
        i++;
      } else {
        out.push('\ufffd');
      }
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      out.push('\ufffd');
    } else {
      out.push(value[i]);
    }
  }
  return out.join('');
}
