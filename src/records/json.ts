/**
 * JSON as records need it: JSON.parse keeps the last of two equal keys without a word, which
 * would silently drop a value, so a record with a duplicate key is refused naming the key.
 */
export type StrictJson = { ok: true; value: unknown } | { ok: false; error: string };

/** The first key that appears twice in one object of (valid) JSON `text`, if any. */
export function findDuplicateKey(text: string): string | undefined {
  // One entry per open container: the keys seen so far in an object, null in an array.
  const stack: (Set<string> | null)[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) {
      let j = i + 1;
      while (j < text.length && text.charCodeAt(j) !== 0x22) {
        j += text.charCodeAt(j) === 0x5c /* \ */ ? 2 : 1;
      }
      const keys = stack[stack.length - 1];
      if (keys && expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) {
          return key;
        }
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === 0x7b /* { */) {
      stack.push(new Set());
      expectKey = true;
    } else if (c === 0x5b /* [ */) {
      stack.push(null);
      expectKey = false;
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) {
      stack.pop();
      expectKey = false;
    } else if (c === 0x2c /* , */) {
      expectKey = stack[stack.length - 1] != null;
    }
  }
  return undefined;
}

export function parseStrictJson(text: string): StrictJson {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: `not valid JSON: ${(error as Error).message}` };
  }
  // Only objects can repeat a key; a quick look spares the scan for every other line.
  if (text.includes('{')) {
    const duplicate = findDuplicateKey(text);
    if (duplicate !== undefined) {
      return { ok: false, error: `the key "${duplicate}" appears twice (JSON would keep only the last)` };
    }
  }
  return { ok: true, value };
}
