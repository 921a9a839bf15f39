/**
 * Where a JSON text stops being JSON, as an offset and a line:column, for error messages. V8
 * includes "at position N" in most JSON.parse messages but not all (Node 20 says only
 * `Unexpected token '}', "…" is not valid JSON` for a bad literal), so a small scanner of the
 * JSON grammar (RFC 8259) finds the offset when the message has none.
 */

/** A place in a text: 0-based offset, 1-based line and column. */
export interface TextPosition {
  offset: number;
  line: number;
  column: number;
}

class Stop {
  constructor(readonly offset: number) {}
}

/** A key met twice in one object, at `offset`; `first` is where it was met before. */
class Duplicate {
  constructor(readonly key: string, readonly offset: number, readonly first: number) {}
}

/** Offset of the first character that makes `text` invalid JSON, or -1 if it is valid. */
export function jsonErrorOffset(text: string): number {
  return scan(text, false);
}

/** A key given twice in one object of a valid JSON text: the key and both places. */
export interface DuplicateKey {
  key: string;
  /** The second occurrence (the one JSON.parse keeps). */
  at: TextPosition;
  /** The first occurrence (the one JSON.parse silently drops). */
  first: TextPosition;
}

/**
 * The first key that occurs twice in one object of `text` (valid JSON), or null. JSON.parse keeps
 * the last value without a word, so a scenario that sets `seed` twice would run with whichever
 * came last; the YAML reader refuses the same (uniqueKeys). Null too for nesting deep enough to
 * overflow the scanner's stack, which no scenario has.
 */
export function jsonDuplicateKey(text: string): DuplicateKey | null {
  try {
    scan(text, true);
    return null;
  } catch (err) {
    if (err instanceof Duplicate) return { key: err.key, at: positionOf(text, err.offset), first: positionOf(text, err.first) };
    if (err instanceof RangeError) return null;
    throw err;
  }
}

/** The scanner: -1 for valid JSON, else the offset where it stops; with `keys`, throws Duplicate. */
function scan(text: string, keys: boolean): number {
  let i = 0;
  const fail = (at: number): never => {
    throw new Stop(at);
  };
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const digits = (): void => {
    if (!/[0-9]/.test(text[i] ?? '')) fail(i);
    while (/[0-9]/.test(text[i] ?? '')) i++;
  };
  const string = (): void => {
    i++; // the opening quote
    for (;;) {
      if (i >= text.length) fail(i);
      const c = text.charCodeAt(i);
      if (c === 0x22) return void i++;
      if (c < 0x20) fail(i);
      if (c === 0x5c) {
        const e = text[i + 1];
        if (e === 'u') {
          for (let k = 2; k < 6; k++) if (!/[0-9a-fA-F]/.test(text[i + k] ?? '')) fail(i + k);
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else fail(i + 1);
      } else i++;
    }
  };
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) return void i++;
      const seen = new Map<string, number>();
      for (;;) {
        if (close === '}') {
          ws();
          if (text[i] !== '"') fail(i);
          const start = i;
          string();
          if (keys) {
            const key = JSON.parse(text.slice(start, i)) as string; // escapes decoded: "a" and "\u0061" are one key
            const first = seen.get(key);
            if (first !== undefined) throw new Duplicate(key, start, first);
            seen.set(key, start);
          }
          ws();
          if (text[i] !== ':') fail(i);
          i++;
        }
        value();
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === close) return void i++;
        else fail(i);
      }
    }
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c ?? '')) {
      if (c === '-') i++;
      if (text[i] === '0') i++;
      else digits();
      if (text[i] === '.') {
        i++;
        digits();
      }
      if (text[i] === 'e' || text[i] === 'E') {
        i++;
        if (text[i] === '+' || text[i] === '-') i++;
        digits();
      }
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (c === word[0]) {
        for (let k = 0; k < word.length; k++) if (text[i + k] !== word[k]) fail(i + k);
        return void (i += word.length);
      }
    }
    fail(i);
  };
  try {
    value();
    ws();
    return i < text.length ? i : -1;
  } catch (err) {
    if (err instanceof Stop) return Math.min(err.offset, text.length);
    throw err;
  }
}

/** Line and column (1-based) of an offset. */
export function positionOf(text: string, offset: number): TextPosition {
  let line = 1;
  let lineStart = 0;
  for (let k = 0; k < offset && k < text.length; k++) {
    if (text[k] === '\n') {
      line++;
      lineStart = k + 1;
    }
  }
  return { offset, line, column: offset - lineStart + 1 };
}

/**
 * Where JSON.parse failed on `text`: the position V8 names in `message`, else the scanner's.
 * Null only if neither knows (the scanner found the text valid: should not happen).
 */
export function jsonErrorPosition(text: string, message: string): TextPosition | null {
  const m = /at position (\d+)/.exec(message);
  let offset = m !== null ? Number(m[1]) : -1;
  if (offset < 0) {
    try {
      offset = jsonErrorOffset(text);
    } catch {
      // Nesting deep enough to overflow the scanner's stack: report no position.
      offset = -1;
    }
  }
  return offset < 0 ? null : positionOf(text, offset);
}
