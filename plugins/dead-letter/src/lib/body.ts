/** Bodies larger than this are shown cut to this size (and can be downloaded). */
export const MAX_RENDERED_BYTES = 256 * 1024;

/** The bytes of a base64 string. */
export function decodeBase64(base64: string): Uint8Array<ArrayBuffer> {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) {
    bytes[i] = binary.charCodeAt(i);
  }
  return bytes;
}

/** UTF-8 text of bytes; invalid sequences become U+FFFD. */
export function decodeUtf8(bytes: Uint8Array): string {
  return new TextDecoder('utf-8', { fatal: false }).decode(bytes);
}

/**
 * Re-indents JSON text without parsing its values, so that nothing changes
 * but whitespace: big numbers (account numbers, amounts) keep every digit,
 * duplicate keys and key order stay as they were sent.
 *
 * Returns undefined when the text is not valid JSON.
 */
export function prettyPrintJson(text: string, indent = 2): string | undefined {
  try {
    JSON.parse(text);
  } catch {
    return undefined;
  }
  const unit = ' '.repeat(indent);
  let out = '';
  let depth = 0;
  let i = 0;
  const newline = () => `\n${unit.repeat(depth)}`;
  while (i < text.length) {
    const char = text[i];
    if (char === '"') {
      // Copy the whole string token, escapes included.
      let end = i + 1;
      while (end < text.length && text[end] !== '"') {
        end += text[end] === '\\' ? 2 : 1;
      }
      out += text.slice(i, end + 1);
      i = end + 1;
      continue;
    }
    if (char === ' ' || char === '\n' || char === '\r' || char === '\t') {
      i++;
      continue;
    }
    if (char === '{' || char === '[') {
      // Keep empty containers on one line.
      let next = i + 1;
      while (next < text.length && /\s/.test(text[next])) next++;
      const close = char === '{' ? '}' : ']';
      if (text[next] === close) {
        out += char + close;
        i = next + 1;
        continue;
      }
      depth++;
      out += char + newline();
    } else if (char === '}' || char === ']') {
      depth--;
      out += newline() + char;
    } else if (char === ',') {
      out += `,${newline()}`;
    } else if (char === ':') {
      out += ': ';
    } else {
      out += char;
    }
    i++;
  }
  return out;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, '0');
}

/**
 * Classic hex dump: offset, 16 bytes in hex (two groups of 8), and the
 * printable ASCII characters (others as `.`).
 */
export function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    let hexPart = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) hexPart += ' ';
      if (i < row.length) {
        hexPart += `${hex(row[i], 2)} `;
        ascii +=
          row[i] >= 0x20 && row[i] < 0x7f ? String.fromCharCode(row[i]) : '.';
      } else {
        hexPart += '   ';
      }
    }
    lines.push(`${hex(offset, 8)}  ${hexPart} |${ascii}|`);
  }
  return lines.join('\n');
}
