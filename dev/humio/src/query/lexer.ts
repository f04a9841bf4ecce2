import { badRequest } from '../http/errors';

export type TokenType =
  | 'word'
  | 'string'
  | 'regex'
  | 'pipe'
  | 'lparen'
  | 'rparen'
  | 'lbrack'
  | 'rbrack'
  | 'comma'
  | 'eq'
  | 'ne'
  | 'lt'
  | 'le'
  | 'gt'
  | 'ge'
  | 'bang'
  | 'eof';

export interface Token {
  type: TokenType;
  /** Words: as written; strings: unescaped; regexes: the pattern. */
  text: string;
  /** Regex flags. */
  flags?: string;
  /** Offset in the query string (for error messages). */
  pos: number;
  /** Whitespace (or a comment) right before the token. */
  spaceBefore: boolean;
}

export function syntaxError(message: string, pos: number) {
  return badRequest(
    `Could not parse the query: ${message} (at position ${pos})`,
  );
}

const SINGLE: Record<string, TokenType> = {
  '|': 'pipe',
  '(': 'lparen',
  ')': 'rparen',
  '[': 'lbrack',
  ']': 'rbrack',
  ',': 'comma',
};

/** Characters that end a bare word. */
const WORD_END = /[\s|()[\],"=!<>]/;

export function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let space = false;
  const push = (t: Omit<Token, 'spaceBefore'>) => {
    tokens.push({ ...t, spaceBefore: space });
    space = false;
  };
  while (i < query.length) {
    const c = query[i];
    const next = query[i + 1];
    if (/\s/.test(c)) {
      space = true;
      i++;
    } else if (c === '/' && next === '/') {
      // Line comment.
      while (i < query.length && query[i] !== '\n') i++;
      space = true;
    } else if (c === '/' && next === '*') {
      const end = query.indexOf('*/', i + 2);
      if (end < 0) throw syntaxError('unterminated /* comment', i);
      i = end + 2;
      space = true;
    } else if (SINGLE[c]) {
      push({ type: SINGLE[c], text: c, pos: i });
      i++;
    } else if (c === '!' && next === '=') {
      push({ type: 'ne', text: '!=', pos: i });
      i += 2;
    } else if (c === '!') {
      push({ type: 'bang', text: '!', pos: i });
      i++;
    } else if (c === '<' || c === '>') {
      const eq = next === '=';
      let type: TokenType;
      if (c === '<') type = eq ? 'le' : 'lt';
      else type = eq ? 'ge' : 'gt';
      push({ type, text: eq ? `${c}=` : c, pos: i });
      i += eq ? 2 : 1;
    } else if (c === '=') {
      if (next === '~') {
        throw syntaxError("'=~' (field regex match) is not supported", i);
      }
      push({ type: 'eq', text: '=', pos: i });
      i += next === '=' ? 2 : 1;
    } else if (c === '"') {
      const start = i;
      let text = '';
      i++;
      for (;;) {
        if (i >= query.length) {
          throw syntaxError('unterminated string', start);
        }
        const ch = query[i];
        if (ch === '\\' && i + 1 < query.length) {
          const esc = query[i + 1];
          text += esc === '"' || esc === '\\' ? esc : `\\${esc}`;
          i += 2;
        } else if (ch === '"') {
          i++;
          break;
        } else {
          text += ch;
          i++;
        }
      }
      push({ type: 'string', text, pos: start });
    } else if (c === '/') {
      const start = i;
      let pattern = '';
      i++;
      for (;;) {
        if (i >= query.length || query[i] === '\n') {
          throw syntaxError('unterminated regular expression', start);
        }
        const ch = query[i];
        if (ch === '\\' && i + 1 < query.length) {
          pattern += ch + query[i + 1];
          i += 2;
        } else if (ch === '/') {
          i++;
          break;
        } else {
          pattern += ch;
          i++;
        }
      }
      let flags = '';
      while (i < query.length && /[a-zA-Z]/.test(query[i])) flags += query[i++];
      push({ type: 'regex', text: pattern, flags, pos: start });
    } else if (c === ':' && next === '=') {
      throw syntaxError("field assignment (':=') is not supported", i);
    } else {
      const start = i;
      while (i < query.length && !WORD_END.test(query[i])) {
        if (query[i] === ':' && query[i + 1] === '=') break;
        i++;
      }
      push({ type: 'word', text: query.slice(start, i), pos: start });
      if (query[i] === ':' && query[i + 1] === '=') {
        throw syntaxError("field assignment (':=') is not supported", i);
      }
    }
  }
  tokens.push({ type: 'eof', text: '', pos: query.length, spaceBefore: space });
  return tokens;
}
