/** JavaScript's `\s`, which passport-jwt's reading used: the code points it matches. */
function isSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * The access token of an `Authorization` header value: its first word is the scheme, `Bearer` in any case, and the
 * second word the token (anything after it is ignored), as passport-jwt's bearer extractor read it.
 *
 * passport-jwt reads it with the unanchored `/(\S+)\s+(\S+)/`, which backtracks from every position of a long word
 * (16,000 letters: n²/2 steps, about 190 ms of the service's event loop per request). This reads each character once.
 */
export function bearerTokenOf(authorization: string | undefined): string | undefined {
  if (authorization === undefined) return undefined;
  const length = authorization.length;
  let i = 0;
  while (i < length && isSpace(authorization.charCodeAt(i))) i++;
  const schemeStart = i;
  while (i < length && !isSpace(authorization.charCodeAt(i))) i++;
  const schemeEnd = i;
  while (i < length && isSpace(authorization.charCodeAt(i))) i++;
  const tokenStart = i;
  if (tokenStart === schemeEnd || tokenStart === length) return undefined;
  while (i < length && !isSpace(authorization.charCodeAt(i))) i++;
  return authorization.slice(schemeStart, schemeEnd).toLowerCase() === 'bearer' ? authorization.slice(tokenStart, i) : undefined;
}
