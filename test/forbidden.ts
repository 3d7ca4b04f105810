/** Whether XML 1.0 forbids a code point: C0 controls but tab/LF/CR, surrogates (lone ones), U+FFFE, U+FFFF. */
export function isForbidden(codePoint: number): boolean {
  return (
    (codePoint < 0x20 && codePoint !== 0x9 && codePoint !== 0xa && codePoint !== 0xd) ||
    (codePoint >= 0xd800 && codePoint <= 0xdfff) ||
    codePoint === 0xfffe ||
    codePoint === 0xffff
  );
}

/** `s` without the characters XML 1.0 forbids (what `render` drops); iterating by code point keeps surrogate pairs. */
export function stripForbidden(s: string): string {
  let out = "";
  for (const ch of s) if (!isForbidden(ch.codePointAt(0)!)) out += ch;
  return out;
}
